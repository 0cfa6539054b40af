namespace BLoRA.Abstractions;

/// <summary>The sweep's answer to a progress report: go on, or stop early (with the reason).</summary>
[GenerateSerializer, Immutable, Alias("blora.ProgressDecision")]
public sealed record ProgressDecision([property: Id(0)] bool Stop, [property: Id(1)] string? Reason)
{
    public static ProgressDecision Continue { get; } = new(false, null);
}
