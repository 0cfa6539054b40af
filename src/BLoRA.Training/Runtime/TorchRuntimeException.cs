namespace BLoRA.Training.Runtime;

/// <summary>
/// TorchSharp's native runtime could not be loaded. The message says what was tried, what was
/// missing and what to install or set.
/// </summary>
public sealed class TorchRuntimeException : Exception
{
    public TorchRuntimeException()
    {
    }

    public TorchRuntimeException(string message)
        : base(message)
    {
    }

    public TorchRuntimeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
