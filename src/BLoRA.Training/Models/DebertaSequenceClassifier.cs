using BLoRA.Training.Adapters;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// A DeBERTa encoder with a classification or regression head, laid out like Hugging Face's
/// DebertaV2ForSequenceClassification (<c>deberta.*</c>, <c>pooler.dense</c>, <c>classifier</c>), so
/// adapters attach to e.g. <c>deberta.encoder.layer.0.attention.self.query_proj</c>. The head (context
/// pooler and classifier) trains in full; both are <see cref="AdaptableLinear"/>s, so in bf16 mixed
/// precision they stay fp32 and take bf16 activations. Returns logits [batch, num_labels] ([batch, 1]
/// for regression).
/// </summary>
public sealed class DebertaSequenceClassifier : nn.Module<Tensor, Tensor, Tensor, Tensor>, ISequenceClassifier
{
    private readonly DebertaModel deberta;
    private readonly ContextPooler pooler;
    private readonly Dropout dropout;
    private readonly AdaptableLinear classifier;
    private readonly Pooling pooling;

    public DebertaSequenceClassifier(DebertaModel encoder, ClassifierHeadOptions head)
        : base(nameof(DebertaSequenceClassifier))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(head);
        head.EnsureValid();

        deberta = encoder;
        Head = head;
        pooling = head.Pooling;
        pooler = new ContextPooler(encoder.Config);
        dropout = nn.Dropout(head.Dropout);
        classifier = new AdaptableLinear(encoder.Config.PoolerHiddenSize ?? encoder.Config.HiddenSize, head.NumLabels);
        using (no_grad())
        {
            classifier.weight.normal_(0, encoder.Config.InitializerRange);
            classifier.bias!.zero_();
        }

        RegisterComponents();
    }

    public DebertaModel Encoder => deberta;

    public nn.Module Root => this;

    /// <summary>The context pooler and the classifier: DeBERTa checkpoints carry neither, so both train.</summary>
    public IReadOnlyList<string> HeadPrefixes { get; } = ["pooler", "classifier"];

    public AttentionShape? Attention => new(deberta.Config.NumHiddenLayers, deberta.Config.HiddenSize);

    /// <summary>The tokenizer's padding id (DeBERTa-v3: 0, [PAD]).</summary>
    public int PadTokenId { get; init; }

    public IReadOnlyList<string> DefaultTargetModules => TargetModuleSets.DebertaAttention;

    public IReadOnlyList<string> AdaLoraTargetModules => TargetModuleSets.DebertaAdaLora;

    public ClassifierHeadOptions Head { get; }

    /// <summary>The head's parameters (<c>pooler.*</c>, <c>classifier.*</c>), which fine-tuning trains in full.</summary>
    public IEnumerable<Parameter> HeadParameters() => pooler.parameters().Concat(classifier.parameters());

    Tensor ISequenceClassifier.Forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) => forward(inputIds, attentionMask, tokenTypeIds);

    public override Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        var last = deberta.forward(inputIds, attentionMask, tokenTypeIds).LastHiddenState;
        var pooled = pooling switch
        {
            Pooling.Pooler => pooler.forward(last),
            Pooling.Cls => last.select(1, 0),
            _ => SequenceClassifier.MeanPool(last, attentionMask),
        };
        return classifier.forward(dropout.forward(pooled));
    }
}
