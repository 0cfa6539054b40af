using BLoRA.Training.Adapters;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// `--model tiny`: a small random-initialised transformer encoder (single-head self-attention with
/// query/key/value/output projections, a GELU feed-forward, LayerNorm, masked mean pooling) and a
/// classification head, for fast tests and smoke runs. Projection names match BERT's last segments,
/// so the default B-LoRA targets (query, key, value) apply.
/// </summary>
public sealed class TinyEncoderClassifier : nn.Module<Tensor, Tensor, Tensor, Tensor>, ISequenceClassifier
{
    private readonly Embedding embeddings;
    private readonly ModuleList<TinyLayer> layers;
    private readonly AdaptableLinear classifier;

    public TinyEncoderClassifier(int vocabSize, int hidden, int layerCount, int labels, long seed)
        : base(nameof(TinyEncoderClassifier))
    {
        manual_seed(seed);
        Hidden = hidden;
        embeddings = nn.Embedding(vocabSize, hidden);
        layers = new ModuleList<TinyLayer>(Enumerable.Range(0, layerCount).Select(_ => new TinyLayer(hidden)).ToArray());
        classifier = new AdaptableLinear(hidden, labels);
        RegisterComponents();
    }

    public int Hidden { get; }

    public nn.Module Root => this;

    public IReadOnlyList<string> HeadPrefixes { get; } = ["classifier"];

    public AttentionShape? Attention => new(layers.Count, Hidden);

    public int PadTokenId => 0;

    Tensor ISequenceClassifier.Forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) => forward(inputIds, attentionMask, tokenTypeIds);

    public override Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds)
    {
        var h = embeddings.forward(inputIds);
        var mask = attentionMask.to(h.dtype);
        foreach (var layer in layers)
        {
            h = layer.forward(h, mask);
        }

        var pooled = (h * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim: true).clamp_min(1);
        return classifier.forward(pooled);
    }

    /// <summary>One encoder layer: post-norm self-attention and feed-forward.</summary>
    private sealed class TinyLayer : nn.Module<Tensor, Tensor, Tensor>
    {
        private readonly AdaptableLinear query;
        private readonly AdaptableLinear key;
        private readonly AdaptableLinear value;
        private readonly AdaptableLinear output;
        private readonly AdaptableLinear intermediate;
        private readonly AdaptableLinear ffn_output;
        private readonly LayerNorm attention_norm;
        private readonly LayerNorm output_norm;
        private readonly double scale;

        public TinyLayer(int hidden)
            : base(nameof(TinyLayer))
        {
            query = new AdaptableLinear(hidden, hidden);
            key = new AdaptableLinear(hidden, hidden);
            value = new AdaptableLinear(hidden, hidden);
            output = new AdaptableLinear(hidden, hidden);
            intermediate = new AdaptableLinear(hidden, hidden * 2);
            ffn_output = new AdaptableLinear(hidden * 2, hidden);
            attention_norm = nn.LayerNorm(hidden);
            output_norm = nn.LayerNorm(hidden);
            scale = 1.0 / Math.Sqrt(hidden);
            RegisterComponents();
        }

        public override Tensor forward(Tensor h, Tensor mask)
        {
            var scores = query.forward(h).matmul(key.forward(h).transpose(1, 2)) * scale;
            scores = scores + ((1 - mask.unsqueeze(1)) * -1e4).to(scores.dtype);
            var attended = scores.softmax(-1).matmul(value.forward(h));
            h = attention_norm.forward(h + output.forward(attended));
            return output_norm.forward(h + ffn_output.forward(nn.functional.gelu(intermediate.forward(h))));
        }
    }
}
