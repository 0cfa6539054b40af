namespace BLoRA.Runner;

/// <summary>A trial spec the trainer cannot run; <see cref="Problems"/> lists each as "path: message".</summary>
public sealed class TrialSpecException : ArgumentException
{
    public TrialSpecException()
    {
    }

    public TrialSpecException(string message)
        : base(message)
    {
    }

    public TrialSpecException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public TrialSpecException(string trialId, IReadOnlyList<string> problems)
        : base($"trial {trialId}: " + string.Join(" ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
