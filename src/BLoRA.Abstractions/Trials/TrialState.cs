namespace BLoRA.Abstractions;

/// <summary>Where a trial is in its life. Completed, Failed and Stopped are terminal for an attempt.</summary>
[GenerateSerializer, Alias("blora.TrialState")]
public enum TrialState
{
    /// <summary>Not started, or waiting to be started again (retry, lost worker, no free slot).</summary>
    Pending = 0,
    Running = 1,
    Completed = 2,
    /// <summary>The last attempt failed; the sweep retries it until its retries are spent.</summary>
    Failed = 3,
    /// <summary>Cancelled or stopped early; <c>Reason</c> says which and why.</summary>
    Stopped = 4,
}
