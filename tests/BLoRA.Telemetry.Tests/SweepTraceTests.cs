using System.Diagnostics;
using BLoRA.Telemetry.Tests.Infrastructure;

namespace BLoRA.Telemetry.Tests;

/// <summary>One submitted sweep is one trace: from the CLI's command through the sweep grain to every trial and its training.</summary>
[Collection(SweepRunGroup.Name)]
public sealed class SweepTraceTests(SweepRunFixture run)
{
    private Activity Root()
    {
        Assert.True(run.ExitCode == 0, run.Output);
        var roots = run.Spans.Where(s => s.DisplayName == "blora cli sweep submit").ToList();
        return Assert.Single(roots);
    }

    [Fact]
    public void The_cli_command_is_the_root_and_every_sweep_trial_and_training_span_descends_from_it()
    {
        var root = Root();
        Assert.Equal(default, root.ParentSpanId);
        var trace = run.Spans.Where(s => s.TraceId == root.TraceId).ToDictionary(s => s.SpanId);

        var ours = run.Spans.Where(s => s.Source.Name == TelemetryNames.Source && s != root).ToList();
        Assert.NotEmpty(ours);
        foreach (var span in ours)
        {
            // Every span of ours in the process belongs to this one trace, and its parent chain reaches the root.
            Assert.True(span.TraceId == root.TraceId, $"{span.DisplayName} is in trace {span.TraceId}, not the command's {root.TraceId}");
            var chain = new List<string> { span.DisplayName };
            var at = span;
            while (at.ParentSpanId != default)
            {
                Assert.True(trace.TryGetValue(at.ParentSpanId, out var parent), $"the parent of {string.Join(" <- ", chain)} was never exported");
                chain.Add(parent.DisplayName);
                at = parent;
            }

            Assert.Same(root, at);
        }

        Assert.Single(ours, s => s.OperationName == TelemetryNames.Spans.SweepSubmit);
        Assert.Equal(SweepRunFixture.Trials, ours.Count(s => s.OperationName == TelemetryNames.Spans.TrialRun));
        // Two epochs per trial, each ending in an evaluation and a checkpoint (every 4 steps).
        Assert.Equal(2 * SweepRunFixture.Trials, ours.Count(s => s.OperationName == TelemetryNames.Spans.TrainEpoch));
        Assert.True(ours.Count(s => s.OperationName == TelemetryNames.Spans.TrainEvaluate) >= 2 * SweepRunFixture.Trials);
        Assert.Equal(2 * SweepRunFixture.Trials, ours.Count(s => s.OperationName == TelemetryNames.Spans.TrainCheckpoint));
    }

    [Fact]
    public void The_cluster_spans_link_the_client_call_to_the_sweep_and_the_sweep_to_its_trials()
    {
        var root = Root();
        var trace = run.Spans.Where(s => s.TraceId == root.TraceId).ToDictionary(s => s.SpanId);
        var submit = Assert.Single(trace.Values, s => s.OperationName == TelemetryNames.Spans.SweepSubmit);
        Assert.Equal(SweepRunFixture.SweepId, submit.GetTagItem(TelemetryNames.Tags.SweepId));
        // The submit is served by Orleans' server span of the client's call, made inside the command.
        var server = trace[submit.ParentSpanId];
        Assert.Equal(TelemetryNames.OrleansApplicationSource, server.Source.Name);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(root.SpanId, trace[server.ParentSpanId].ParentSpanId);

        // Trials start later (from the sweep's timer and reports) yet are children of the submit.
        foreach (var trial in trace.Values.Where(s => s.OperationName == TelemetryNames.Spans.TrialRun))
        {
            Assert.Equal(submit.SpanId, trial.ParentSpanId);
            Assert.Equal(SweepRunFixture.SweepId, trial.GetTagItem(TelemetryNames.Tags.SweepId));
            Assert.StartsWith($"{SweepRunFixture.SweepId}.", (string)trial.GetTagItem(TelemetryNames.Tags.TrialId)!, StringComparison.Ordinal);
            Assert.Matches("^priorStrength=(1|30),bopBudget=0.5,seed=0$", (string)trial.GetTagItem(TelemetryNames.Tags.TrialCell)!);
            Assert.False(string.IsNullOrEmpty((string?)trial.GetTagItem(TelemetryNames.Tags.Silo)));
            Assert.Equal("cpu", trial.GetTagItem(TelemetryNames.Tags.Device));
            Assert.Equal("Completed", trial.GetTagItem(TelemetryNames.Tags.Outcome));
        }
    }

    [Fact]
    public void Training_is_traced_per_epoch_evaluation_and_checkpoint_never_per_step()
    {
        var root = Root();
        var ours = run.Spans.Where(s => s.Source.Name == TelemetryNames.Source && s.TraceId == root.TraceId).ToList();
        Assert.All(ours, s => Assert.Contains(s.OperationName, (string[])[
            TelemetryNames.Spans.CliPrefix, TelemetryNames.Spans.SweepSubmit, TelemetryNames.Spans.TrialRun,
            TelemetryNames.Spans.TrainEpoch, TelemetryNames.Spans.TrainEvaluate, TelemetryNames.Spans.TrainCheckpoint]));
        var byId = ours.ToDictionary(s => s.SpanId);
        foreach (var evaluation in ours.Where(s => s.OperationName == TelemetryNames.Spans.TrainEvaluate))
        {
            Assert.IsType<double>(evaluation.GetTagItem("blora.eval.accuracy"));
            Assert.True(byId.ContainsKey(evaluation.ParentSpanId), "an evaluation outside its epoch or trial");
        }

        // Two trials, each checkpointing at steps 4 and 8.
        var checkpoints = ours.Where(s => s.OperationName == TelemetryNames.Spans.TrainCheckpoint).Select(s => (int)s.GetTagItem(TelemetryNames.Tags.Step)!).Order().ToList();
        Assert.Equal([4, 4, 8, 8], checkpoints);
    }
}
