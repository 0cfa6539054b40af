namespace BLoRA.Training.Models;

/// <summary>How <see cref="SequenceClassifier"/> reduces the encoder's tokens to one vector.</summary>
public enum Pooling
{
    /// <summary>BERT's pooler, <c>tanh(dense(h[CLS]))</c>: what BertForSequenceClassification uses.</summary>
    Pooler,

    /// <summary>The [CLS] token's last hidden state.</summary>
    Cls,

    /// <summary>The mean of the non-padding tokens' last hidden states: what sentence-transformers models (MiniLM) were trained for.</summary>
    Mean,
}
