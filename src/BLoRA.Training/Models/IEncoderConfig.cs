namespace BLoRA.Training.Models;

/// <summary>What every encoder configuration (BERT, DeBERTa-v2/v3) tells the code around the encoder.</summary>
public interface IEncoderConfig
{
    /// <summary>Hugging Face's <c>model_type</c> (<c>bert</c>, <c>deberta-v2</c>).</summary>
    string ModelType { get; }

    int VocabSize { get; }

    int HiddenSize { get; }

    int NumHiddenLayers { get; }

    int NumAttentionHeads { get; }

    double HiddenDropoutProb { get; }
}
