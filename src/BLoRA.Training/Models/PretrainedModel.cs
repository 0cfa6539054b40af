using BLoRA.Training.Tokenization;
using BLoRA.Training.Training;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// A loaded pretrained encoder (a <see cref="BertModel"/> or a <see cref="DebertaModel"/>) with its
/// tokenizer and configuration, ready to be wrapped in a classifier by <see cref="CreateClassifier"/>.
/// Disposing it disposes the encoder.
/// </summary>
public sealed class PretrainedModel : IDisposable
{
    internal PretrainedModel(ModelReference reference, nn.Module<Tensor, Tensor, Tensor, EncoderOutput> encoder, IEncoderConfig config, ITextTokenizer tokenizer, CheckpointLoadReport report, bool isSentenceTransformer)
    {
        Reference = reference;
        Encoder = encoder;
        Config = config;
        Tokenizer = tokenizer;
        Report = report;
        IsSentenceTransformer = isSentenceTransformer;
    }

    public ModelReference Reference { get; }

    /// <summary>The encoder: <see cref="BertModel"/> (model_type bert) or <see cref="DebertaModel"/> (deberta-v2).</summary>
    public nn.Module<Tensor, Tensor, Tensor, EncoderOutput> Encoder { get; }

    /// <summary>The encoder's configuration: a <see cref="BertConfig"/> or a <see cref="DebertaConfig"/>.</summary>
    public IEncoderConfig Config { get; }

    /// <summary>BERT's WordPiece <see cref="TextTokenizer"/> or DeBERTa-v3's <see cref="SentencePieceTextTokenizer"/>.</summary>
    public ITextTokenizer Tokenizer { get; }

    public CheckpointLoadReport Report { get; }

    /// <summary>Whether this is a sentence-transformers model (the embedded MiniLM, or a directory with <c>modules.json</c>).</summary>
    public bool IsSentenceTransformer { get; }

    /// <summary>
    /// The pooling a classifier should use: mean pooling for sentence-transformers models (trained for
    /// it; their pooler, if any, is left over from pre-training) and for BERT checkpoints without a
    /// pooler, else the model's pooler (BERT's, or DeBERTa's context pooler), as the Hugging Face
    /// sequence-classification models do.
    /// </summary>
    public Pooling RecommendedPooling => IsSentenceTransformer || (Encoder is BertModel && !Report.HasPooler) ? Pooling.Mean : Pooling.Pooler;

    /// <summary>
    /// A classifier over this encoder with <see cref="RecommendedPooling"/>: a <see cref="SequenceClassifier"/>
    /// for BERT, a <see cref="DebertaSequenceClassifier"/> for DeBERTa. <paramref name="dropout"/> before
    /// the classifier defaults to the config's (DeBERTa: <c>cls_dropout</c>, else <c>hidden_dropout_prob</c>).
    /// </summary>
    public ISequenceClassifier CreateClassifier(int numLabels, double? dropout = null) => Encoder switch
    {
        BertModel bert => new SequenceClassifier(bert, new ClassifierHeadOptions(numLabels, RecommendedPooling, dropout ?? Config.HiddenDropoutProb)) { PadTokenId = Tokenizer.PadId },
        DebertaModel deberta => new DebertaSequenceClassifier(
            deberta, new ClassifierHeadOptions(numLabels, RecommendedPooling, dropout ?? deberta.Config.ClsDropout ?? deberta.Config.HiddenDropoutProb)) { PadTokenId = Tokenizer.PadId },
        _ => throw new InvalidOperationException($"no classifier for encoder {Encoder.GetType().Name}"),
    };

    /// <summary>
    /// A new encoder of the same type with a copy of these weights (same tokenizer and report): how a
    /// worker keeps one loaded template per model and gives every trial its own weights to inject into.
    /// </summary>
    public PretrainedModel Clone()
    {
        nn.Module<Tensor, Tensor, Tensor, EncoderOutput> copy = Encoder switch
        {
            BertModel bert => new BertModel(bert.Config),
            DebertaModel deberta => new DebertaModel(deberta.Config),
            _ => throw new InvalidOperationException($"cannot clone encoder {Encoder.GetType().Name}"),
        };
        lock (Encoder)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var source = Encoder.state_dict();
            foreach (var (name, tensor) in copy.state_dict())
            {
                tensor.copy_(source[name]);
            }
        }

        copy.eval();
        return new PretrainedModel(Reference, copy, Config, Tokenizer, Report, IsSentenceTransformer);
    }

    public void Dispose() => Encoder.Dispose();
}
