using BLoRA.Training.Runtime;
using BLoRA.Training.Training;
using Xunit.Abstractions;

namespace BLoRA.Training.Tests.Training;

/// <summary>
/// Training while another thread garbage-collects without pause (as silos, other trials and the CLI
/// do in one process). TorchSharp 0.107 frees a temporary <c>Scalar</c> (made from a plain number
/// passed to a tensor operation) in its finalizer without keeping it alive across the native call, so
/// a collection mid-call let libtorch read a freed scalar ("Expected false to be true ... Scalar.h"):
/// a training step failed now and then. The optimizer and the dual update now pass only scalars they
/// hold, and a step's forward/backward, evaluations and reports that meet the race are redone.
/// </summary>
[Collection(GarbageCollectionStress.Name)]
public sealed class ConcurrentGcTests(ITestOutputHelper output)
{
    [Fact]
    public void Training_survives_a_thread_that_collects_garbage_continuously()
    {
        TorchFixture.EnsureLoaded();
        using var stop = new CancellationTokenSource();
        var collections = 0;
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                collections++;
            }
        })
        { IsBackground = true };
        collector.Start();
        try
        {
            using var model = TrainerFixture.Model();
            var budget = TrainerFixture.Config(1, budget: 0.5);
            var trainer = new BLoRATrainer(model, TrainerFixture.Task, budget, TrainerFixture.Options(150) with { EvalEvery = 50, LogEvery = 5 });

            var result = trainer.Train();

            Assert.Equal(150, result.Steps);
            Assert.True(double.IsFinite(result.FinalLoss));
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        output.WriteLine($"{collections} collections during training; {ScalarRace.Retries} step(s) or evaluation(s) redone in this process");
        Assert.True(collections > 100, $"only {collections} collections ran alongside the training");
    }
}
