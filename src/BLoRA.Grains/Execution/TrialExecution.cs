namespace BLoRA.Grains.Execution;

/// <summary>One trial's slot reservation on this silo and, once started, its attempt's run.</summary>
internal sealed class TrialExecution(string trialId, int slots)
{
    public string TrialId { get; } = trialId;

    public int Slots { get; } = slots;

    public Guid ExecutionId { get; set; }

    public CancellationTokenSource? Cancellation { get; set; }

    public Task? Task { get; set; }
}
