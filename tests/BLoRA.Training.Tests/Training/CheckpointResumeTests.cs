using BLoRA.Training.Training;

namespace BLoRA.Training.Tests.Training;

public sealed class CheckpointResumeTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("blora-ckpt-").FullName;

    public CheckpointResumeTests() => TorchFixture.EnsureLoaded();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Resume_from_a_checkpoint_equals_an_uninterrupted_run()
    {
        var options = TrainerFixture.Options(40) with { CheckpointEvery = 20, LogEvery = 5, EvalEvery = 0 };
        var config = TrainerFixture.Config(priorStrength: 1) with { Dropout = 0.1 };

        var straightLosses = new List<double>();
        using var straightModel = TrainerFixture.Model();
        var straight = new BLoRATrainer(straightModel, TrainerFixture.Task, config, options).Train(p => straightLosses.Add(p.Loss));

        // Interrupted: stop at step 20 (a checkpoint), then a fresh process-like start resumes from it.
        var root = Path.Combine(dir, "run");
        using (var firstModel = TrainerFixture.Model())
        {
            new BLoRATrainer(firstModel, TrainerFixture.Task, config, options).Train(checkpointRoot: root, stopAtStep: 20);
        }

        var checkpoint = Assert.Single(Checkpoint.List(root));
        Assert.EndsWith("step-00000020", checkpoint, StringComparison.Ordinal);
        var resumedLosses = new List<double>();
        using var resumedModel = TrainerFixture.Model();
        var resumed = new BLoRATrainer(resumedModel, TrainerFixture.Task, config, options)
            .Train(p => resumedLosses.Add(p.Loss), checkpointRoot: root, resumeFrom: checkpoint);

        Assert.Equal(40, resumed.Steps);
        // Logged at steps 5, 10, 12 (epoch end), 15, 20 | 24, 25, 30, 35, 36, 40: compare after the resume point.
        Assert.Equal(straightLosses.Skip(5), resumedLosses, (a, b) => Math.Abs(a - b) < 1e-5);
        Assert.Equal(straight.Metrics["accuracy"], resumed.Metrics["accuracy"], 6);
        Assert.Equal(straight.Bops.AdapterRelative, resumed.Bops.AdapterRelative, 9);
        foreach (var (name, p) in straightModel.named_parameters().Where(p => p.parameter.requires_grad))
        {
            var other = resumedModel.named_parameters().Single(q => q.name == name).parameter;
            Assert.True(p.allclose(other, rtol: 1e-4, atol: 1e-5), $"{name} differs after resume");
        }
    }

    [Fact]
    public void A_corrupt_checkpoint_is_detected_by_its_checksum()
    {
        var root = Path.Combine(dir, "corrupt");
        using (var model = TrainerFixture.Model())
        {
            new BLoRATrainer(model, TrainerFixture.Task, TrainerFixture.Config(1), TrainerFixture.Options(4) with { CheckpointEvery = 4 })
                .Train(checkpointRoot: root);
        }

        var checkpoint = Assert.Single(Checkpoint.List(root));
        var file = Path.Combine(checkpoint, "trainable.bin");
        var bytes = File.ReadAllBytes(file);
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(file, bytes);

        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.ReadState(checkpoint));
        Assert.Contains("trainable.bin", error.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_newest_checkpoints_are_kept()
    {
        var root = Path.Combine(dir, "keep");
        using var model = TrainerFixture.Model();
        new BLoRATrainer(model, TrainerFixture.Task, TrainerFixture.Config(1), TrainerFixture.Options(12) with { CheckpointEvery = 3, KeepCheckpoints = 2 })
            .Train(checkpointRoot: root);
        Assert.Equal(["step-00000009", "step-00000012"], Checkpoint.List(root).Select(Path.GetFileName));
    }

    [Fact]
    public void Native_memory_stays_flat_over_many_steps()
    {
        using var model = TrainerFixture.Model();
        var trainer = new BLoRATrainer(model, TrainerFixture.Task, TrainerFixture.Config(1), TrainerFixture.Options(60) with { LogEvery = 10, EvalEvery = 30 });
        var live = new List<long>();
        trainer.Train(_ => live.Add(TorchSharp.DisposeScopeManager.Statistics.ThreadTotalLiveCount));
        // Same number of live tensors after every logging window: nothing accumulates step to step.
        Assert.True(live.Count >= 6);
        Assert.All(live.Skip(1), count => Assert.Equal(live[1], count));
    }
}
