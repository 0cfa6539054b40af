using System.Text.Json;
using BLoRA.Training.Models;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>
/// The config switches deberta-tiny does not exercise, each by an invariant of its own: bucketing,
/// which position terms, shared or separate position projections, absolute positions; and padding.
/// </summary>
public sealed class DebertaModelTests
{
    private static readonly DebertaConfig Tiny = DebertaTestModels.Tiny;

    public DebertaModelTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Log_buckets_match_transformers_formula_worked_by_hand()
    {
        // bucket_size 32, max_position 64: |r| <= 16 exact, beyond ceil(ln(|r|/16) / ln(63/16) x 15) + 16.
        long[] distances = [0, 5, 15, 16, 17, 20, 24, 40, 100, 200, -17, -20, -100];
        long[] expected = [0, 5, 15, 16, 17, 19, 21, 27, 37, 44, -17, -19, -37];
        using var scope = NewDisposeScope();

        var buckets = RelativePositions.LogBucket(tensor(distances), 32, 64);

        Assert.Equal(expected, buckets.data<long>().ToArray());
        Assert.Equal(new long[] { 0, -1, -2, 1, 0, -1, 2, 1, 0 }, RelativePositions.Build(3, 3, 0, 0).data<long>().ToArray());
    }

    [Fact]
    public void Without_buckets_relative_positions_are_raw_distances_and_agree_with_buckets_inside_half_the_bucket_count()
    {
        using var scope = NewDisposeScope();
        // Same span (8) and rel_embeddings shape either way; buckets keep |r| <= 4 exact.
        using var bucketed = DebertaTestModels.Create(Tiny);
        using var raw = DebertaTestModels.Create(Tiny with { PositionBuckets = 0, MaxRelativePositions = 8 });
        DebertaTestModels.CopyWeights(bucketed, raw);
        Assert.Equal([16L, 16L], raw.state_dict()["encoder.rel_embeddings.weight"].shape);

        using (no_grad())
        {
            var (shortIds, shortMask, shortTypes) = DebertaTestModels.Batch(2, 5);
            Assert.True(DebertaTestModels.MaxDiff(
                bucketed.forward(shortIds, shortMask, shortTypes).LastHiddenState, raw.forward(shortIds, shortMask, shortTypes).LastHiddenState) < 1e-6);

            // At 20 tokens distances reach 19: buckets compress them, raw distances clamp at 8.
            var (ids, mask, types) = DebertaTestModels.Batch(2, 20);
            Assert.True(DebertaTestModels.MaxDiff(bucketed.forward(ids, mask, types).LastHiddenState, raw.forward(ids, mask, types).LastHiddenState) > 1e-3);
        }
    }

    [Fact]
    public void Each_position_term_changes_the_output()
    {
        using var scope = NewDisposeScope();
        IReadOnlyList<string>[] terms = [["p2c", "c2p"], ["c2p"], ["p2c"], []];
        using var reference = DebertaTestModels.Create(Tiny);
        var (ids, mask, types) = DebertaTestModels.Batch(2, 10, padding: 3);
        var outputs = new List<Tensor>();
        foreach (var term in terms)
        {
            using var model = DebertaTestModels.Create(Tiny with { PosAttType = term });
            DebertaTestModels.CopyWeights(reference, model);
            using (no_grad())
            {
                var last = model.forward(ids, mask, types).LastHiddenState;
                Assert.True(last.isfinite().all().item<bool>());
                outputs.Add(last);
            }
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            for (var j = i + 1; j < outputs.Count; j++)
            {
                Assert.True(DebertaTestModels.MaxDiff(outputs[i], outputs[j]) > 1e-3, $"pos_att_type {string.Join("|", terms[i])} vs {string.Join("|", terms[j])}");
            }
        }
    }

    [Theory]
    [InlineData(new[] { "p2c", "c2p" }, 3)]
    [InlineData(new[] { "c2p" }, 2)]
    [InlineData(new[] { "p2c" }, 2)]
    [InlineData(new string[0], 1)]
    public void The_scale_counts_every_attention_term(string[] terms, int factor)
    {
        Assert.Equal(Math.Sqrt(Tiny.HeadDim * factor), (Tiny with { PosAttType = terms }).ScoreScale, 12);
    }

    [Theory]
    [InlineData("p2c|c2p")]
    [InlineData("c2p")]
    [InlineData("p2c")]
    public void Separate_position_projections_equal_shared_keys_when_they_hold_the_same_weights(string posAttType)
    {
        var terms = posAttType.Split('|');
        using var scope = NewDisposeScope();
        using var shared = DebertaTestModels.Create(Tiny with { PosAttType = terms });
        using var separate = DebertaTestModels.Create(Tiny with { PosAttType = terms, ShareAttKey = false });
        var names = separate.state_dict().Keys.ToList();
        Assert.Equal(terms.Contains("c2p"), names.Contains("encoder.layer.0.attention.self.pos_key_proj.weight"));
        Assert.Equal(terms.Contains("p2c"), names.Contains("encoder.layer.0.attention.self.pos_query_proj.bias"));

        DebertaTestModels.CopyWeights(shared, separate, n => n.Replace("pos_key_proj", "key_proj", StringComparison.Ordinal).Replace("pos_query_proj", "query_proj", StringComparison.Ordinal));
        var (ids, mask, types) = DebertaTestModels.Batch(2, 12, padding: 4);
        using (no_grad())
        {
            Assert.True(DebertaTestModels.MaxDiff(shared.forward(ids, mask, types).LastHiddenState, separate.forward(ids, mask, types).LastHiddenState) < 1e-6);

            // Different position projections give a different model.
            separate.state_dict()[terms.Contains("c2p") ? "encoder.layer.0.attention.self.pos_key_proj.weight" : "encoder.layer.0.attention.self.pos_query_proj.weight"].mul_(-1);
            Assert.True(DebertaTestModels.MaxDiff(shared.forward(ids, mask, types).LastHiddenState, separate.forward(ids, mask, types).LastHiddenState) > 1e-4);
        }
    }

    [Fact]
    public void Absolute_positions_without_relative_attention_make_a_bert_like_encoder()
    {
        using var scope = NewDisposeScope();
        using var model = DebertaTestModels.Create(Tiny with { RelativeAttention = false, PositionBiasedInput = true, PosAttType = [], NormRelEbd = "none", TypeVocabSize = 2 });
        var names = model.state_dict().Keys.ToList();

        Assert.Contains("embeddings.position_embeddings.weight", names);
        Assert.Contains("embeddings.token_type_embeddings.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("encoder.rel_embeddings", StringComparison.Ordinal) || n.StartsWith("encoder.LayerNorm", StringComparison.Ordinal));
        var (ids, mask, types) = DebertaTestModels.Batch(2, 6);
        using (no_grad())
        {
            var plain = model.forward(ids, mask, types).LastHiddenState;
            Assert.Equal([2L, 6L, 16L], plain.shape);
            // Token types now matter.
            Assert.True(DebertaTestModels.MaxDiff(plain, model.forward(ids, mask, ones_like(types)).LastHiddenState) > 1e-4);
        }

        Assert.Throws<ArgumentException>(() => model.forward(zeros(1, 65, dtype: ScalarType.Int64), ones(1, 65, dtype: ScalarType.Int64), zeros(1, 65, dtype: ScalarType.Int64)));
    }

    [Fact]
    public void Padding_does_not_change_the_real_tokens_outputs()
    {
        using var scope = NewDisposeScope();
        var (encoder, _) = PretrainedModels.LoadEncoder(ModelReference.Parse(TestPaths.DebertaTiny));
        using var model = encoder;
        var (ids, _, _) = DebertaTestModels.Batch(1, 11, vocab: 1000);
        var padded = cat([ids, zeros(1, 5, dtype: ScalarType.Int64)], 1);
        var paddedMask = cat([ones(1, 11, dtype: ScalarType.Int64), zeros(1, 5, dtype: ScalarType.Int64)], 1);
        using (no_grad())
        {
            var alone = model.forward(ids, ones_like(ids), zeros_like(ids)).LastHiddenState;
            var withPadding = model.forward(padded, paddedMask, zeros_like(padded)).LastHiddenState;
            Assert.True(DebertaTestModels.MaxDiff(alone, withPadding[.., ..11]) < 1e-5);
        }
    }

    [Fact]
    public void Config_reads_hugging_face_spellings_and_names_every_unsupported_key()
    {
        var config = JsonSerializer.Deserialize<DebertaConfig>("""{"model_type": "deberta-v2", "pos_att_type": "p2c|c2p", "relative_attention": true, "position_buckets": 256}""")!;
        Assert.Equal(["p2c", "c2p"], config.PosAttType);
        Assert.Equal(256, config.AttentionSpan);
        Assert.Equal(512, (config with { PositionBuckets = -1 }).AttentionSpan);
        Assert.Empty(DebertaConfig.V3Base.Validate());

        var errors = string.Join("\n", (Tiny with { ConvKernelSize = 3, PosAttType = ["p2p"], PoolerHiddenSize = 8, HiddenAct = "mish", NormRelEbd = "batch_norm" }).Validate());
        foreach (var key in new[] { "conv_kernel_size", "pos_att_type [p2p]", "pooler_hidden_size", "hidden_act 'mish'", "norm_rel_ebd" })
        {
            Assert.Contains(key, errors, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => new DebertaModel(Tiny with { RelativeAttention = false, PositionBiasedInput = false }));
    }
}
