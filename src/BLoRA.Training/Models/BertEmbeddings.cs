using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// BERT's embeddings: word + absolute position + token type, then LayerNorm and dropout. Submodule
/// names are Hugging Face's (<c>word_embeddings</c>, <c>position_embeddings</c>,
/// <c>token_type_embeddings</c>, <c>LayerNorm</c>).
/// </summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // Field names are module names in the checkpoint format (Hugging Face's).
    private readonly Embedding word_embeddings;
    private readonly Embedding position_embeddings;
    private readonly Embedding token_type_embeddings;
    private readonly LayerNorm LayerNorm;
#pragma warning restore IDE1006
    private readonly Dropout dropout;

    public BertEmbeddings(BertConfig config)
        : base(nameof(BertEmbeddings))
    {
        ArgumentNullException.ThrowIfNull(config);
        word_embeddings = nn.Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        position_embeddings = nn.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = nn.Embedding(config.TypeVocabSize, config.HiddenSize);
        LayerNorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        dropout = nn.Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <summary>Embeds <paramref name="inputIds"/> [batch, length] with their token types (same shape).</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        var length = inputIds.shape[1];
        // Intermediates are left to the caller's dispose scope (see BertModel).
        var positions = arange(length, dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0);
        var sum = word_embeddings.forward(inputIds) + position_embeddings.forward(positions) + token_type_embeddings.forward(tokenTypeIds);
        return dropout.forward(LayerNorm.forward(sum));
    }
}
