using BLoRA.Training.Training;

namespace BLoRA.Training.Tests.Training;

public sealed class PrecisionTests
{
    public PrecisionTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Bf16_mixed_precision_trains_with_fp32_adapters()
    {
        using var model = TrainerFixture.Model();
        var losses = new List<double>();
        var trainer = new BLoRATrainer(model, TrainerFixture.Task, TrainerFixture.Config(1), TrainerFixture.Options(60) with { Precision = Precision.Bf16 });
        var result = trainer.Train(p => losses.Add(p.Loss));

        Assert.All(trainer.Blora.Trainable(), t => Assert.Equal(TorchSharp.torch.ScalarType.Float32, t.Parameter.dtype));
        Assert.Contains(model.named_parameters(), p => !p.parameter.requires_grad && p.parameter.dtype == TorchSharp.torch.ScalarType.BFloat16);
        Assert.True(losses[^1] < losses[0], $"loss {losses[0]} -> {losses[^1]}");
        Assert.True(result.Metrics["accuracy"] > 0.6, $"accuracy {result.Metrics["accuracy"]}");
    }

    [Fact]
    public void Invalid_options_list_every_problem()
    {
        using var model = TrainerFixture.Model();
        var options = new TrainerOptions { BatchSize = 0, LearningRate = -1, Device = "tpu" };
        var error = Assert.Throws<ArgumentException>(() => new BLoRATrainer(model, TrainerFixture.Task, TrainerFixture.Config(1), options));
        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);
        Assert.Contains("LearningRate", error.Message, StringComparison.Ordinal);
        Assert.Contains("Device", error.Message, StringComparison.Ordinal);
    }
}
