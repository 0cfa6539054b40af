using BLoRA.Training.Adapters;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// An encoder with a pooled head, laid out like Hugging Face's BertForSequenceClassification
/// (<c>bert.*</c>, <c>classifier.*</c>), so adapters attach to e.g.
/// <c>bert.encoder.layer.0.attention.self.query</c>. Returns logits [batch, num_labels]
/// (regression: [batch, 1]).
/// </summary>
public sealed class SequenceClassifier : nn.Module<Tensor, Tensor, Tensor, Tensor>, ISequenceClassifier
{
    private readonly BertModel bert;
    private readonly Dropout dropout;
    private readonly AdaptableLinear classifier;
    private readonly Pooling pooling;

    public SequenceClassifier(BertModel encoder, ClassifierHeadOptions head)
        : base(nameof(SequenceClassifier))
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(head);
        head.EnsureValid();

        bert = encoder;
        Head = head;
        pooling = head.Pooling;
        dropout = nn.Dropout(head.Dropout);
        // Adaptable (not nn.Linear) so the fp32 head takes bf16 activations in mixed precision.
        classifier = new AdaptableLinear(encoder.Config.HiddenSize, head.NumLabels);
        // Hugging Face initialises task heads with N(0, 0.02) and zero bias.
        using (no_grad())
        {
            classifier.weight!.normal_(0, 0.02);
            classifier.bias!.zero_();
        }

        RegisterComponents();
    }

    public BertModel Encoder => bert;

    public nn.Module Root => this;

    public IReadOnlyList<string> HeadPrefixes { get; } = ["classifier"];

    public AttentionShape? Attention => new(bert.Config.NumHiddenLayers, bert.Config.HiddenSize);

    /// <summary>The tokenizer's padding id (BERT vocabularies: 0).</summary>
    public int PadTokenId { get; init; }

    public ClassifierHeadOptions Head { get; }

    /// <summary>The head's parameters (<c>classifier.*</c>), which fine-tuning trains in full.</summary>
    public IEnumerable<Parameter> HeadParameters() => classifier.parameters();

    Tensor ISequenceClassifier.Forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) => forward(inputIds, attentionMask, tokenTypeIds);

    public override Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        var output = bert.forward(inputIds, attentionMask, tokenTypeIds);
        var pooled = pooling switch
        {
            Pooling.Pooler => output.PoolerOutput,
            Pooling.Cls => output.LastHiddenState.select(1, 0),
            _ => MeanPool(output.LastHiddenState, attentionMask),
        };
        return classifier.forward(dropout.forward(pooled));
    }

    /// <summary>The mean over non-padding tokens (sentence-transformers' mean pooling).</summary>
    public static Tensor MeanPool(Tensor lastHiddenState, Tensor attentionMask)
    {
        ArgumentNullException.ThrowIfNull(lastHiddenState);
        ArgumentNullException.ThrowIfNull(attentionMask);
        var mask = attentionMask.to_type(lastHiddenState.dtype).unsqueeze(-1);
        var counts = mask.sum(1).clamp_min(1e-9);
        return (lastHiddenState * mask).sum(1) / counts;
    }
}
