using BLoRA.Grains.Tests.Fakes;

namespace BLoRA.Grains.Tests.Recovery;

public static class ResumeAssertions
{
    /// <summary>
    /// The attempt that replaced the one killed on <paramref name="victim"/> starts at a checkpoint (a
    /// multiple of <paramref name="interval"/>), no later than the step the killed attempt reached, and
    /// redoes at most one checkpoint interval of the killed attempt's work.
    /// </summary>
    public static void AtMostOneIntervalLost(IReadOnlyList<FakeRun> runs, string trialId, string victim, FakeRun resumed, int interval) =>
        AtMostOneIntervalLost(Assert.Single(runs, r => r.TrialId == trialId && r.Silo == victim), resumed, interval);

    /// <summary>As above, for the attempt <paramref name="killed"/> and the one that replaced it.</summary>
    public static void AtMostOneIntervalLost(FakeRun killed, FakeRun resumed, int interval)
    {
        ArgumentNullException.ThrowIfNull(killed);
        ArgumentNullException.ThrowIfNull(resumed);
        var trialId = killed.TrialId;
        Assert.NotEqual("completed", killed.Ending);
        Assert.True(resumed.StartStep > 0 && resumed.StartStep % interval == 0, $"{trialId}: resumed at step {resumed.StartStep}, not at a checkpoint (every {interval} steps)");
        var lost = killed.LastStep - resumed.StartStep;
        Assert.True(lost >= 0 && lost <= interval,
            $"{trialId}: the killed attempt reached step {killed.LastStep}, the resumed one started at {resumed.StartStep}: {lost} steps lost (at most one interval, {interval}, allowed)");
    }
}
