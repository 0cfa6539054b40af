using System.Text.Json;
using BLoRA.Training.Models;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>The Hugging Face checkpoint loads by name and reproduces transformers' own outputs.</summary>
public sealed class BertTinyParityTests
{
    private const double Tolerance = 1e-4;

    private readonly ITestOutputHelper output;

    public BertTinyParityTests(ITestOutputHelper output)
    {
        TorchFixture.EnsureLoaded();
        this.output = output;
    }

    [Fact]
    public void Reproduces_transformers_last_hidden_state_and_pooler_output_including_padding()
    {
        using var scope = NewDisposeScope();
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestPaths.BertTiny, "reference.json")));
        var root = document.RootElement;
        var (encoder, report) = PretrainedModels.LoadEncoder(ModelReference.Parse("hf:" + TestPaths.BertTiny));
        using var model = encoder;

        Assert.Equal(39, report.Loaded);
        Assert.Empty(report.Missing);
        Assert.True(report.HasPooler);

        var inputIds = ToTensor(root.GetProperty("input_ids"), ScalarType.Int64);
        var mask = ToTensor(root.GetProperty("attention_mask"), ScalarType.Int64);
        var types = ToTensor(root.GetProperty("token_type_ids"), ScalarType.Int64);
        Assert.True(mask.eq(0).any().item<bool>(), "the reference batch should contain padding");

        using (no_grad())
        {
            var output = model.forward(inputIds, mask, types);
            var expected = ToTensor(root.GetProperty("last_hidden_state"), ScalarType.Float32);
            var expectedPooled = ToTensor(root.GetProperty("pooler_output"), ScalarType.Float32);

            var diff = (output.LastHiddenState - expected).abs().max().item<float>();
            var pooledDiff = (output.PoolerOutput - expectedPooled).abs().max().item<float>();
            var paddedDiff = (output.LastHiddenState[1, 11..] - expected[1, 11..]).abs().max().item<float>();

            this.output.WriteLine($"bert-tiny vs transformers: last_hidden_state {diff:E3}, padded rows {paddedDiff:E3}, pooler_output {pooledDiff:E3}");
            Assert.True(diff <= Tolerance, $"last_hidden_state max abs diff {diff:E2}");
            Assert.True(paddedDiff <= Tolerance, $"padded positions max abs diff {paddedDiff:E2}");
            Assert.True(pooledDiff <= Tolerance, $"pooler_output max abs diff {pooledDiff:E2}");
        }
    }

    [Fact]
    public void A_plain_directory_path_is_the_same_reference_as_hf_dir()
    {
        var plain = ModelReference.Parse(TestPaths.BertTiny);
        var prefixed = ModelReference.Parse("hf:" + TestPaths.BertTiny);

        Assert.Equal(ModelSourceKind.HuggingFaceDirectory, plain.Kind);
        Assert.Equal(prefixed, plain);
    }

    /// <summary>A nested JSON array of numbers as a tensor of its shape.</summary>
    internal static Tensor ToTensor(JsonElement element, ScalarType dtype)
    {
        var shape = new List<long>();
        var probe = element;
        while (probe.ValueKind == JsonValueKind.Array)
        {
            shape.Add(probe.GetArrayLength());
            probe = probe[0];
        }

        var values = new List<double>();
        Flatten(element, values);
        return tensor(values.ToArray(), [.. shape]).to_type(dtype);
    }

    private static void Flatten(JsonElement element, List<double> values)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Flatten(item, values);
            }
        }
        else
        {
            values.Add(element.GetDouble());
        }
    }
}
