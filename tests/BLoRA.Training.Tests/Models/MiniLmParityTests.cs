using BLoRA.Training.Models;
using BLoRA.Training.Models.Loading;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>
/// The embedded MiniLM, loaded into the TorchSharp encoder, matches ONNX Runtime running the very
/// ONNX it was read from, on the same token ids (padding included).
/// </summary>
public sealed class MiniLmParityTests : IClassFixture<MiniLmFixture>
{
    private const double Tolerance = 1e-4;
    private readonly MiniLmFixture fixture;

    private readonly ITestOutputHelper output;

    public MiniLmParityTests(MiniLmFixture fixture, ITestOutputHelper output)
    {
        this.fixture = fixture;
        this.output = output;
    }

    [Fact]
    public void Every_parameter_is_loaded_from_the_onnx_graph()
    {
        var report = fixture.Model.Report;

        // 5 embedding tensors + 6 layers x 16 + the pooler's 2 = 103, of which 37 were anonymous [in, out] weights.
        Assert.Equal(103, report.Loaded);
        Assert.Empty(report.Missing);
        Assert.True(report.HasPooler);
        // A sentence-transformers model: trained for mean pooling, whatever pooler it carries.
        Assert.Equal(Pooling.Mean, fixture.Model.RecommendedPooling);
        Assert.Equal(384, fixture.Model.Config.HiddenSize);
        Assert.Equal(6, fixture.Model.Config.NumHiddenLayers);
    }

    [Fact]
    public void Last_hidden_state_matches_onnx_runtime_on_a_padded_pair_batch()
    {
        var tokenizer = fixture.Model.Tokenizer;
        string[][] inputs =
        [
            ["A man is playing a guitar on the stage.", "Someone performs music."],
            ["Spam filters learn from labelled e-mail.", "Ham is mail you wanted."],
            ["Short one.", "x"],
        ];
        var encoded = inputs.Select(p => tokenizer.Encode(p[0], p[1], 32)).ToList();
        var length = encoded.Max(e => e.Length);
        var padded = encoded.Select(e => e.PadTo(length, tokenizer.PadId)).ToList();
        Assert.True(padded[2].AttentionMask.Contains(0), "the batch should contain padding");

        var ids = padded.SelectMany(e => e.InputIds).Select(i => (long)i).ToArray();
        var mask = padded.SelectMany(e => e.AttentionMask).Select(i => (long)i).ToArray();
        var types = padded.SelectMany(e => e.TokenTypeIds).Select(i => (long)i).ToArray();
        int[] shape = [padded.Count, length];

        float[] expected;
        using (var results = fixture.Session.Run(
        [
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, shape)),
        ]))
        {
            expected = [.. results.First(r => r.Name == "last_hidden_state").AsEnumerable<float>()];
        }

        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var actual = fixture.Model.Encoder.forward(
                tensor(ids, [shape[0], shape[1]]), tensor(mask, [shape[0], shape[1]]), tensor(types, [shape[0], shape[1]])).LastHiddenState;
            Assert.Equal([shape[0], shape[1], 384L], actual.shape);
            var diff = (actual - tensor(expected, actual.shape)).abs().max().item<float>();
            Assert.True(diff <= Tolerance, $"max abs diff vs ONNX Runtime {diff:E2}");
            output.WriteLine($"MiniLM vs ONNX Runtime: max abs diff {diff:E3}");
        }
    }

    [Fact]
    public void Embedded_vocabulary_is_the_uncased_bert_vocabulary()
    {
        var tokenizer = fixture.Model.Tokenizer;

        Assert.True(tokenizer.LowerCase);
        Assert.Equal(30522, tokenizer.VocabularySize);
        Assert.Equal(101, tokenizer.ClsId);
        Assert.Equal(102, tokenizer.SepId);
        Assert.Equal(0, tokenizer.PadId);
    }
}

/// <summary>Loads the embedded MiniLM and an ONNX Runtime session over the same ONNX once for the class.</summary>
public sealed class MiniLmFixture : IDisposable
{
    public MiniLmFixture()
    {
        TorchFixture.EnsureLoaded();
        Model = PretrainedModels.Load(ModelReference.Parse(ModelReference.EmbeddedMiniLm));
        var onnx = ManifestResources.Read(EmbeddedMiniLm.LocateAssembly(), EmbeddedMiniLm.ModelResource);
        using var options = new SessionOptions { IntraOpNumThreads = 2 };
        Session = new InferenceSession(onnx, options);
    }

    public PretrainedModel Model { get; }

    public InferenceSession Session { get; }

    public void Dispose()
    {
        Model.Dispose();
        Session.Dispose();
    }
}
