namespace BLoRA.Cli.Trials;

/// <summary>A trial file that cannot be read; the message names file, line and field.</summary>
internal sealed class TrialFileException : Exception
{
    public TrialFileException()
    {
    }

    public TrialFileException(string message)
        : base(message)
    {
    }

    public TrialFileException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
