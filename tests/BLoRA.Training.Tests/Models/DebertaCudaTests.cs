using System.Text.Json;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>
/// DeBERTa on a CUDA device: fp32 reproduces transformers, bf16 stays finite and close to fp32 (also with
/// attention logits in the thousands and fully padded rows), and a B-LoRA trial trains in bf16 on the GPU.
/// The same checks run on CPU in <see cref="DebertaBf16Tests"/>; these run where a GPU is (skipped otherwise).
/// </summary>
public sealed class DebertaCudaTests
{
    private readonly ITestOutputHelper output;

    public DebertaCudaTests(ITestOutputHelper output)
    {
        TorchFixture.EnsureLoaded();
        this.output = output;
    }

    [CudaFact]
    public void On_cuda_fp32_reproduces_transformers_and_bf16_stays_finite_and_close()
    {
        using var scope = NewDisposeScope();
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.DebertaTiny, "reference.json")));
        var root = document.RootElement;
        var ids = BertTinyParityTests.ToTensor(root.GetProperty("input_ids"), ScalarType.Int64);
        var mask = BertTinyParityTests.ToTensor(root.GetProperty("attention_mask"), ScalarType.Int64);

        var (fp32, bf16) = DebertaBf16Tests.Both(ids, mask, logitScale: 1, device: "cuda");

        var expected = BertTinyParityTests.ToTensor(root.GetProperty("last_hidden_state"), ScalarType.Float32);
        var parity = (fp32 - expected).abs().max().item<float>();
        var diff = DebertaTestModels.MaxDiff(fp32, bf16);
        output.WriteLine($"cuda: fp32 vs transformers {parity:E3}, bf16 vs fp32 {diff:E3}");
        Assert.True(parity <= 1e-4, $"fp32 on cuda vs transformers: {parity:E2}");
        Assert.True(bf16.isfinite().all().item<bool>());
        Assert.True(diff < DebertaBf16Tests.Tolerance, $"bf16 vs fp32 on cuda: {diff}");
    }

    [CudaFact]
    public void On_cuda_bf16_stays_finite_with_huge_logits_and_fully_padded_rows()
    {
        using var scope = NewDisposeScope();
        var (ids, mask, _) = DebertaTestModels.Batch(2, 16, padding: 9, vocab: 1000);

        var (fp32, bf16) = DebertaBf16Tests.Both(ids, mask, logitScale: 30, device: "cuda");

        Assert.True(fp32.isfinite().all().item<bool>());
        Assert.True(bf16.isfinite().all().item<bool>(), "bf16 on cuda produced inf or NaN");
        Assert.True(bf16[1, 7..].abs().max().to(ScalarType.Float32).item<float>() < 100);
    }

    [CudaFact]
    public void A_deberta_trial_trains_in_bf16_on_cuda()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        var definition = new TrialDefinition
        {
            Model = dir.Path,
            Task = TrialDefinition.SyntheticTaskName,
            MaxTrainExamples = 64,
            MaxEvalExamples = 32,
            Trainer = new TrainerOptions { MaxSteps = 20, BatchSize = 16, LogEvery = 1, Precision = Precision.Bf16, Device = "cuda" },
        };

        var outcome = TrialRunner.Run(definition);

        Assert.Equal(20, outcome.Result.Steps);
        Assert.True(double.IsFinite(outcome.Result.FinalLoss), $"final loss {outcome.Result.FinalLoss}");
        Assert.All(outcome.Result.Metrics.Values, v => Assert.True(double.IsFinite(v)));
        Assert.Contains("deberta.encoder.layer.1.attention.self.value_proj", outcome.Result.Bops.Adapters.Keys);
    }
}
