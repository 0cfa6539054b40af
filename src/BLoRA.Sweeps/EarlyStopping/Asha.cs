using System.Globalization;
using BLoRA.Sweeps.Pareto;

namespace BLoRA.Sweeps.EarlyStopping;

/// <summary>
/// Asynchronous successive halving (Li et al., 2020), stopping-style: a trial reaching rung k is
/// compared with every trial that reached rung k before it. It continues if it is in the top
/// 1/eta by metric (at least one continues), or if no recorded trial beats it by more than the
/// tolerances in both metric and expected BOPs (it is on or near the rung's frontier). Pure: the
/// caller keeps the recorded entries.
/// </summary>
public static class Asha
{
    /// <summary>The step count of rung <paramref name="rung"/>.</summary>
    public static long RungSteps(AshaSettings settings, int rung)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var steps = (double)settings.GraceSteps * Math.Pow(settings.ReductionFactor, rung);
        return steps >= long.MaxValue ? long.MaxValue : (long)steps;
    }

    /// <summary>The highest rung reached at <paramref name="step"/>, or -1 before the first.</summary>
    public static int RungAt(AshaSettings settings, long step)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var rung = -1;
        while (rung < 62 && RungSteps(settings, rung + 1) <= step)
        {
            rung++;
        }

        return rung;
    }

    /// <summary>
    /// Decides for <paramref name="candidate"/> given the entries already recorded at the same rung
    /// (the candidate's own entry may be among them; it is counted once).
    /// </summary>
    public static RungDecision Decide(AshaSettings settings, IReadOnlyCollection<RungEntry> recorded, RungEntry candidate)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(candidate);
        var peers = recorded.Where(e => e.Rung == candidate.Rung && e.TrialId != candidate.TrialId).ToList();
        var all = peers.Append(candidate).ToList();
        var keep = Math.Max(1, all.Count / settings.ReductionFactor);
        var better = peers.Count(p => p.Metric > candidate.Metric);
        if (better < keep)
        {
            return RungDecision.Continue(Invariant($"rank {better + 1} of {all.Count} at rung {candidate.Rung}: within the top {keep}"));
        }

        var me = new Objectives(candidate.Metric, candidate.ExpectedCost);
        var clearlyBetter = peers.FirstOrDefault(p =>
            p.Metric >= candidate.Metric + settings.MetricTolerance &&
            p.ExpectedCost <= candidate.ExpectedCost - settings.CostTolerance &&
            new Objectives(p.Metric, p.ExpectedCost).Dominates(me));
        if (clearlyBetter is null)
        {
            return RungDecision.Continue(Invariant($"rank {better + 1} of {all.Count} at rung {candidate.Rung}, but on or near the rung's (metric, BOPs) frontier"));
        }

        return new RungDecision(true, Invariant(
            $"stopped early by ASHA at rung {candidate.Rung} ({RungSteps(settings, candidate.Rung)} steps): metric {candidate.Metric:G4} ranks {better + 1} of {all.Count} (top {keep} continue) and {clearlyBetter.TrialId} beats it in both metric ({clearlyBetter.Metric:G4}) and expected BOPs ({clearlyBetter.ExpectedCost:G4} vs {candidate.ExpectedCost:G4})"));
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
