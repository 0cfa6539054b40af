using BLoRA.Training.Models;
using BLoRA.Training.Tests.Tokenization;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>Tiny DeBERTa configurations and helpers shared by the DeBERTa tests.</summary>
internal static class DebertaTestModels
{
    /// <summary>The DeBERTa-v3 layout at toy size: 8 buckets, c2p + p2c, shared keys, layer-normed relative embeddings, no dropout.</summary>
    public static DebertaConfig Tiny { get; } = new()
    {
        VocabSize = 50,
        HiddenSize = 16,
        NumHiddenLayers = 2,
        NumAttentionHeads = 2,
        IntermediateSize = 32,
        MaxPositionEmbeddings = 64,
        RelativeAttention = true,
        PositionBuckets = 8,
        PosAttType = ["p2c", "c2p"],
        ShareAttKey = true,
        NormRelEbd = "layer_norm",
        PositionBiasedInput = false,
        HiddenDropoutProb = 0,
        AttentionProbsDropoutProb = 0,
    };

    /// <summary>A model of <paramref name="config"/> with seeded random weights.</summary>
    public static DebertaModel Create(DebertaConfig config, long seed = 7)
    {
        manual_seed(seed);
        var model = new DebertaModel(config);
        model.eval();
        return model;
    }

    /// <summary>Copies every parameter of <paramref name="target"/> from the same name in <paramref name="source"/> (renamed by <paramref name="rename"/>).</summary>
    public static void CopyWeights(nn.Module source, nn.Module target, Func<string, string>? rename = null)
    {
        var from = source.state_dict();
        using (no_grad())
        {
            foreach (var (name, tensor) in target.state_dict())
            {
                tensor.copy_(from[rename?.Invoke(name) ?? name]);
            }
        }
    }

    /// <summary>[batch, length] int64 ids in 4..vocab, seeded; the mask has the last <paramref name="padding"/> positions of row 1 at 0.</summary>
    public static (Tensor Ids, Tensor Mask, Tensor Types) Batch(int batch, int length, int padding = 0, int vocab = 50, long seed = 3)
    {
        var generator = new Generator((ulong)seed);
        var ids = randint(4, vocab, [batch, length], generator: generator);
        var mask = ones(batch, length, dtype: ScalarType.Int64);
        if (padding > 0)
        {
            mask[1, (length - padding)..].fill_(0);
            ids[1, (length - padding)..].fill_(0);
        }

        return (ids, mask, zeros_like(ids));
    }

    public static float MaxDiff(Tensor a, Tensor b) => (a.to(ScalarType.Float32) - b.to(ScalarType.Float32)).abs().max().item<float>();

    /// <summary>A copy of the deberta-tiny checkpoint with DeBERTa-v3-style tokenizer files (a 21-piece spm.model, [MASK] added at 21).</summary>
    public static TestPaths.TempDirectory CheckpointWithTokenizer()
    {
        var dir = TestPaths.CreateTemp();
        foreach (var file in Directory.GetFiles(TestPaths.DebertaTiny))
        {
            File.Copy(file, dir.File(Path.GetFileName(file)));
        }

        File.WriteAllBytes(dir.File("spm.model"), SentencePieceModelBuilder.Build(SentencePieceModelBuilder.TinyVocabulary));
        File.WriteAllText(dir.File("tokenizer_config.json"), """{"do_lower_case": false, "split_by_punct": false, "vocab_type": "spm"}""");
        File.WriteAllText(dir.File("added_tokens.json"), """{"[MASK]": 21}""");
        return dir;
    }
}
