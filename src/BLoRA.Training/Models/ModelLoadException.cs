namespace BLoRA.Training.Models;

/// <summary>A model reference or checkpoint that cannot be loaded; the message says which file and how to fix it.</summary>
public sealed class ModelLoadException : Exception
{
    public ModelLoadException()
    {
    }

    public ModelLoadException(string message)
        : base(message)
    {
    }

    public ModelLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
