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
    public void A_corrupt_newest_checkpoint_falls_back_to_the_previous_one_and_none_usable_starts_from_step_0()
    {
        var options = TrainerFixture.Options(12) with { CheckpointEvery = 3, KeepCheckpoints = 2, LogEvery = 1, EvalEvery = 0 };
        var config = TrainerFixture.Config(1);
        var root = Path.Combine(dir, "fallback");
        using (var model = TrainerFixture.Model())
        {
            new BLoRATrainer(model, TrainerFixture.Task, config, options).Train(checkpointRoot: root, stopAtStep: 9);
        }

        Assert.Equal(["step-00000006", "step-00000009"], Checkpoint.List(root).Select(Path.GetFileName));
        var newest = Checkpoint.List(root)[^1];
        var tensors = Path.Combine(newest, "trainable.bin");
        var bytes = File.ReadAllBytes(tensors);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(tensors, bytes);

        var point = Checkpoint.FindResumable(root);

        Assert.EndsWith("step-00000006", point.Folder, StringComparison.Ordinal);
        Assert.Equal(6, point.Step);
        var rejected = Assert.Single(point.Rejected);
        Assert.Contains("step-00000009", rejected, StringComparison.Ordinal);
        Assert.Contains("trainable.bin has SHA-256", rejected, StringComparison.Ordinal);
        Assert.StartsWith("resuming from step-00000006 (step 6) (1 newer checkpoint(s) unusable:", point.Describe(), StringComparison.Ordinal);
        var steps = new List<int>();
        using (var model = TrainerFixture.Model())
        {
            var resumed = new BLoRATrainer(model, TrainerFixture.Task, config, options).Train(p => steps.Add(p.Step), checkpointRoot: root, resumeFrom: point.Folder);
            Assert.Equal(12, resumed.Steps);
        }

        Assert.Equal(7, steps.Min());

        // Now truncate every checkpoint (the resumed run wrote step 9 and 12 again): none is usable.
        foreach (var folder in Checkpoint.List(root))
        {
            var optimizer = Path.Combine(folder, "optimizer.bin");
            File.WriteAllBytes(optimizer, File.ReadAllBytes(optimizer)[..16]);
        }

        File.WriteAllText(Path.Combine(Checkpoint.List(root)[^1], Checkpoint.StateFile), "{\"format\": \"blora-checkpoint");
        var none = Checkpoint.FindResumable(root);

        Assert.Null(none.Folder);
        Assert.Equal(2, none.Rejected.Count);
        Assert.Contains("checkpoint.json is not valid JSON", none.Rejected[0], StringComparison.Ordinal);
        Assert.Contains("optimizer.bin has SHA-256", none.Rejected[1], StringComparison.Ordinal);
        Assert.StartsWith("no usable checkpoint (2 newer checkpoint(s) unusable:", none.Describe(), StringComparison.Ordinal);
        Assert.EndsWith(": starting from step 0", none.Describe(), StringComparison.Ordinal);
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
