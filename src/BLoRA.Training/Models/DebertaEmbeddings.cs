using BLoRA.Training.Adapters;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// DeBERTa's embeddings (Hugging Face <c>DebertaV2Embeddings</c>): word embeddings, plus absolute
/// positions only when <c>position_biased_input</c> and token types only when <c>type_vocab_size</c>
/// &gt; 0 (DeBERTa-v3 has neither), <c>embed_proj</c> when the embedding width differs, LayerNorm,
/// padding positions zeroed, dropout.
/// </summary>
public sealed class DebertaEmbeddings : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are module names in the checkpoint format (Hugging Face's).
    private readonly Embedding word_embeddings;
    private readonly Embedding? position_embeddings;
    private readonly Embedding? token_type_embeddings;
    private readonly AdaptableLinear? embed_proj;
    private readonly LayerNorm LayerNorm;
#pragma warning restore IDE1006
    private readonly Dropout dropout;

    public DebertaEmbeddings(DebertaConfig config)
        : base(nameof(DebertaEmbeddings))
    {
        ArgumentNullException.ThrowIfNull(config);
        var width = config.EmbeddingWidth;
        word_embeddings = nn.Embedding(config.VocabSize, width, padding_idx: config.PadTokenId);
        position_embeddings = config.PositionBiasedInput ? nn.Embedding(config.MaxPositionEmbeddings, width) : null;
        token_type_embeddings = config.TypeVocabSize > 0 ? nn.Embedding(config.TypeVocabSize, width) : null;
        embed_proj = width != config.HiddenSize ? new AdaptableLinear(width, config.HiddenSize, hasBias: false) : null;
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <summary>Embeds <paramref name="inputIds"/> [batch, length]; <paramref name="attentionMask"/> (1/0, same shape) zeroes padding.</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        ArgumentNullException.ThrowIfNull(attentionMask);
        var embeddings = word_embeddings.forward(inputIds);
        if (position_embeddings is not null)
        {
            var positions = arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
            embeddings = embeddings + position_embeddings.forward(positions);
        }

        if (token_type_embeddings is not null)
        {
            embeddings = embeddings + token_type_embeddings.forward(tokenTypeIds);
        }

        if (embed_proj is not null)
        {
            embeddings = embed_proj.forward(embeddings).to(embeddings.dtype);
        }

        embeddings = LayerNorm.forward(embeddings);
        embeddings = embeddings * attentionMask.unsqueeze(-1).to_type(embeddings.dtype);
        return dropout.forward(embeddings);
    }
}
