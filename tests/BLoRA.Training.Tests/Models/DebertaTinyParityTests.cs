using System.Text.Json;
using BLoRA.Training.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>The DeBERTa-v3-style Hugging Face checkpoint loads by name and reproduces transformers' own outputs.</summary>
public sealed class DebertaTinyParityTests
{
    private const double Tolerance = 1e-4;

    private readonly ITestOutputHelper output;

    public DebertaTinyParityTests(ITestOutputHelper output)
    {
        TorchFixture.EnsureLoaded();
        this.output = output;
    }

    [Fact]
    public void Reproduces_transformers_last_hidden_state_including_padding()
    {
        using var scope = NewDisposeScope();
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.DebertaTiny, "reference.json")));
        var root = document.RootElement;
        var (encoder, report) = PretrainedModels.LoadEncoder(ModelReference.Parse("hf:" + TestPaths.DebertaTiny));
        using var model = encoder;

        Assert.IsType<DebertaModel>(model);
        // word embeddings + LayerNorm (3), 2 layers x 16, rel_embeddings + encoder.LayerNorm (3).
        Assert.Equal(38, report.Loaded);
        Assert.Empty(report.Missing);
        Assert.Empty(report.Ignored);

        var inputIds = BertTinyParityTests.ToTensor(root.GetProperty("input_ids"), ScalarType.Int64);
        var mask = BertTinyParityTests.ToTensor(root.GetProperty("attention_mask"), ScalarType.Int64);
        Assert.True(mask.eq(0).any().item<bool>(), "the reference batch should contain padding");

        using (no_grad())
        {
            var last = model.forward(inputIds, mask, zeros_like(inputIds)).LastHiddenState;
            var expected = BertTinyParityTests.ToTensor(root.GetProperty("last_hidden_state"), ScalarType.Float32);
            Assert.Equal(expected.shape, last.shape);

            var diff = (last - expected).abs().max().item<float>();
            var paddedDiff = (last[1, 11..] - expected[1, 11..]).abs().max().item<float>();
            output.WriteLine($"deberta-tiny vs transformers: last_hidden_state max abs diff {diff:E3}, padded positions {paddedDiff:E3}");
            Assert.True(diff <= Tolerance, $"last_hidden_state max abs diff {diff:E2}");
            Assert.True(paddedDiff <= Tolerance, $"padded positions max abs diff {paddedDiff:E2}");
        }
    }

    [Fact]
    public void Parameter_names_are_hugging_face_names()
    {
        var (encoder, _) = PretrainedModels.LoadEncoder(ModelReference.Parse(TestPaths.DebertaTiny));
        using var model = encoder;
        var names = model.state_dict().Keys.ToHashSet();

        Assert.Contains("embeddings.word_embeddings.weight", names);
        Assert.Contains("encoder.rel_embeddings.weight", names);
        Assert.Contains("encoder.LayerNorm.weight", names);
        Assert.Contains("encoder.layer.1.attention.self.query_proj.weight", names);
        Assert.Contains("encoder.layer.1.attention.output.dense.bias", names);
        Assert.Contains("encoder.layer.1.intermediate.dense.weight", names);
        Assert.Contains("encoder.layer.1.output.LayerNorm.bias", names);
        Assert.DoesNotContain(names, n => n.Contains("position_embeddings", StringComparison.Ordinal) || n.Contains("pos_key_proj", StringComparison.Ordinal));
    }
}
