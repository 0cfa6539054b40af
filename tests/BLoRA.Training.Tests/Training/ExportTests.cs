using BLoRA.Training.Adapters.Export;
using BLoRA.Training.Training;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Training;

public sealed class ExportTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("blora-export-").FullName;

    public ExportTests() => TorchFixture.EnsureLoaded();

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Export_then_reload_gives_the_same_eval_predictions(bool quantizeActivations)
    {
        using var trained = TrainerFixture.Model();
        var config = TrainerFixture.Config(priorStrength: 30) with { QuantizeActivations = quantizeActivations };
        var trainer = new BLoRATrainer(trained, TrainerFixture.Task, config, TrainerFixture.Options(60));
        trainer.Train();
        var manifest = AdapterExporter.Export(trainer.Blora, trained, dir);
        Assert.True(File.Exists(Path.Combine(dir, AdapterManifest.FileName)));
        Assert.All(manifest.Adapters, a => Assert.InRange(a.LiveRank, 1, 8));

        var batch = Batch.Collate(TrainerFixture.Task.Eval.Take(64).ToList(), CPU, 0, regression: false);
        trained.eval();
        var expected = Predict(trained, batch);

        var adapter = ExportedAdapter.Load(dir);
        using var attached = TrainerFixture.Model();
        adapter.AttachTo(attached);
        attached.eval();
        var logitsTrained = Logits(trained, batch);
        var logitsAttached = Logits(attached, batch);
        Assert.True(logitsAttached.allclose(logitsTrained, rtol: 1e-3, atol: 1e-4), $"max diff {(logitsAttached - logitsTrained).abs().max().item<float>()}");
        Assert.Equal(expected, Predict(attached, batch));

        if (!quantizeActivations)
        {
            using var merged = TrainerFixture.Model();
            adapter.MergeInto(merged);
            merged.eval();
            var logitsMerged = Logits(merged, batch);
            Assert.True(logitsMerged.allclose(logitsTrained, rtol: 1e-3, atol: 1e-4), $"merged: max diff {(logitsMerged - logitsTrained).abs().max().item<float>()}");
            Assert.Equal(expected, Predict(merged, batch));
        }
        else
        {
            using var merged = TrainerFixture.Model();
            Assert.Throws<InvalidOperationException>(() => adapter.MergeInto(merged));
        }
    }

    [Fact]
    public void Tensors_are_stored_at_their_learned_bit_widths()
    {
        // With ClipInput and a fixed scale every value stays on its grid's initial range, so the stored width is the learned
        // one (plus one bit for the grid's edge points); without it, a tensor that outgrows its range is
        // stored at the width its values need.
        using var model = TrainerFixture.Model();
        var config = TrainerFixture.Config(priorStrength: 300) with { GateInit = 1, ClipInput = true, LearnedScale = false };
        var trainer = new BLoRATrainer(model, TrainerFixture.Task, config, TrainerFixture.Options(80));
        trainer.Train();
        var manifest = AdapterExporter.Export(trainer.Blora, model, dir);
        foreach (var t in manifest.Adapters.SelectMany(a => a.Tensors))
        {
            var count = t.Shape.Aggregate(1L, (x, y) => x * y);
            Assert.InRange(t.StoredBits, t.Bits, t.Bits + 1);
            Assert.Equal(((count * t.StoredBits) + 7) / 8, new FileInfo(Path.Combine(dir, t.File)).Length);
        }

        Assert.Contains(manifest.Adapters.SelectMany(a => a.Tensors), t => t.Bits < 32);
    }

    [Fact]
    public void A_corrupt_adapter_file_is_refused()
    {
        using var model = TrainerFixture.Model();
        var trainer = new BLoRATrainer(model, TrainerFixture.Task, TrainerFixture.Config(1), TrainerFixture.Options(2));
        trainer.Train();
        var manifest = AdapterExporter.Export(trainer.Blora, model, dir);
        var file = Path.Combine(dir, manifest.Adapters[0].Tensors[0].File);
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..^1]);

        var adapter = ExportedAdapter.Load(dir);
        using var fresh = TrainerFixture.Model();
        var error = Assert.Throws<InvalidDataException>(() => adapter.AttachTo(fresh));
        Assert.Contains("corrupt", error.Message, StringComparison.Ordinal);
    }

    private static Tensor Logits(ISequenceClassifier model, Batch batch)
    {
        using var noGrad = no_grad();
        return model.Forward(batch.InputIds, batch.AttentionMask, batch.TokenTypeIds);
    }

    private static long[] Predict(ISequenceClassifier model, Batch batch) =>
        Logits(model, batch).argmax(-1).data<long>().ToArray();
}
