using BLoRA.Training.Tokenization;

namespace BLoRA.Training.Models;

/// <summary>
/// A loaded pretrained encoder with its tokenizer and configuration, ready to be wrapped in a
/// <see cref="SequenceClassifier"/>. Disposing it disposes the encoder.
/// </summary>
public sealed class PretrainedModel : IDisposable
{
    internal PretrainedModel(ModelReference reference, BertModel encoder, TextTokenizer tokenizer, CheckpointLoadReport report, bool isSentenceTransformer)
    {
        Reference = reference;
        Encoder = encoder;
        Tokenizer = tokenizer;
        Report = report;
        IsSentenceTransformer = isSentenceTransformer;
    }

    public ModelReference Reference { get; }

    public BertModel Encoder { get; }

    public BertConfig Config => Encoder.Config;

    public TextTokenizer Tokenizer { get; }

    public CheckpointLoadReport Report { get; }

    /// <summary>Whether this is a sentence-transformers model (the embedded MiniLM, or a directory with <c>modules.json</c>).</summary>
    public bool IsSentenceTransformer { get; }

    /// <summary>
    /// The pooling a classifier should use: mean pooling for sentence-transformers models (trained for
    /// it; their pooler, if any, is left over from pre-training) and for checkpoints without a pooler,
    /// else BERT's pooler, as BertForSequenceClassification does.
    /// </summary>
    public Pooling RecommendedPooling => IsSentenceTransformer || !Report.HasPooler ? Pooling.Mean : Pooling.Pooler;

    /// <summary>A classifier over this encoder with <see cref="RecommendedPooling"/> and the config's hidden dropout.</summary>
    public SequenceClassifier CreateClassifier(int numLabels, double? dropout = null) =>
        new(Encoder, new ClassifierHeadOptions(numLabels, RecommendedPooling, dropout ?? Config.HiddenDropoutProb)) { PadTokenId = Tokenizer.PadId };

    public void Dispose() => Encoder.Dispose();
}
