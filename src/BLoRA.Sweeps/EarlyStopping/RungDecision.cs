namespace BLoRA.Sweeps.EarlyStopping;

/// <summary>What ASHA decided for a trial at a rung, and why.</summary>
public sealed record RungDecision(bool Stop, string Reason)
{
    public static RungDecision Continue(string reason) => new(false, reason);
}
