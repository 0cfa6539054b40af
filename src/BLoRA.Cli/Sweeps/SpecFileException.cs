namespace BLoRA.Cli.Sweeps;

/// <summary>A sweep spec file with problems; each names file, line, column and field.</summary>
internal sealed class SpecFileException : Exception
{
    public SpecFileException()
    {
    }

    public SpecFileException(string message)
        : base(message)
    {
    }

    public SpecFileException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SpecFileException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
