using BLoRA.Training.Models;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>The attention module against plain scaled dot-product attention written out by hand.</summary>
public sealed class DisentangledSelfAttentionTests
{
    public DisentangledSelfAttentionTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Without_relative_attention_it_is_plain_scaled_dot_product_attention()
    {
        using var scope = NewDisposeScope();
        var config = DebertaTestModels.Tiny with { RelativeAttention = false, PositionBiasedInput = true, PosAttType = [] };
        manual_seed(11);
        using var attention = new DisentangledSelfAttention(config);
        var hidden = randn(2, 7, 16);
        var tokens = ones(2, 7, dtype: ScalarType.Bool);
        tokens[1, 5..].fill_(false);

        using (no_grad())
        {
            var actual = attention.forward(hidden, Visible(tokens), null);
            var expected = Plain(attention, hidden, tokens, Math.Sqrt(config.HeadDim));
            Assert.True(DebertaTestModels.MaxDiff(actual[0], expected[0]) < 1e-5);
            Assert.True(DebertaTestModels.MaxDiff(actual[1, ..5], expected[1, ..5]) < 1e-5);

            // A padding query sees no key and attends uniformly to all of them (transformers' masked_fill + softmax).
            var v = nn.functional.linear(hidden, Parameter(attention, "value_proj.weight"), Parameter(attention, "value_proj.bias"));
            Assert.True(DebertaTestModels.MaxDiff(actual[1, 6], v[1].mean([0])) < 1e-5);
        }
    }

    [Theory]
    [InlineData("c2p")]
    [InlineData("p2c")]
    public void A_single_position_term_over_blank_positions_is_attention_scaled_by_sqrt_2d(string term)
    {
        using var scope = NewDisposeScope();
        var config = DebertaTestModels.Tiny with { PosAttType = [term] };
        manual_seed(12);
        using var attention = new DisentangledSelfAttention(config);
        using (no_grad())
        {
            // Blank relative embeddings make every position key (query) the projection's bias; c2p then adds a
            // per-query constant (softmax ignores it), and p2c adds nothing once the query bias is zero.
            Parameter(attention, "query_proj.bias").zero_();
        }

        var hidden = randn(2, 6, 16);
        var tokens = ones(2, 6, dtype: ScalarType.Bool);
        var relative = RelativeAttentionInputs.Create(RelativePositions.Build(6, 6, config.PositionBuckets, config.EffectiveMaxRelativePositions), zeros(2 * config.AttentionSpan, 16), config.AttentionSpan);
        using (no_grad())
        {
            var actual = attention.forward(hidden, Visible(tokens), relative);
            Assert.True(DebertaTestModels.MaxDiff(actual, Plain(attention, hidden, tokens, Math.Sqrt(2.0 * config.HeadDim))) < 1e-5);
            Assert.True(DebertaTestModels.MaxDiff(actual, Plain(attention, hidden, tokens, Math.Sqrt(config.HeadDim))) > 1e-3);
        }
    }

    private static Tensor Visible(Tensor tokens) => tokens.unsqueeze(2).logical_and(tokens.unsqueeze(1)).unsqueeze(1);

    private static TorchSharp.Modules.Parameter Parameter(DisentangledSelfAttention attention, string name) =>
        attention.named_parameters().Single(p => p.name == name).parameter;

    /// <summary>softmax(q k^T / scale, padding keys excluded) v, head by head, from the module's own weights.</summary>
    private static Tensor Plain(DisentangledSelfAttention attention, Tensor hidden, Tensor tokens, double scale)
    {
        Tensor Project(string name) =>
            nn.functional.linear(hidden, Parameter(attention, name + ".weight"), Parameter(attention, name + ".bias")).view(2, -1, 2, 8).transpose(1, 2);
        var (q, k, v) = (Project("query_proj"), Project("key_proj"), Project("value_proj"));
        var scores = q.matmul(k.transpose(-1, -2)) / scale;
        scores = scores.masked_fill(tokens.logical_not().unsqueeze(1).unsqueeze(1), double.NegativeInfinity);
        return scores.softmax(-1).matmul(v).transpose(1, 2).reshape(2, -1, 16);
    }
}
