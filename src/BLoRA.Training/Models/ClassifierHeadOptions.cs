namespace BLoRA.Training.Models;

/// <summary>
/// The task head on top of the encoder: <paramref name="NumLabels"/> logits for classification, or
/// 1 output for regression (<paramref name="NumLabels"/> = 1); <paramref name="Dropout"/> before the
/// classifier (Hugging Face's <c>classifier_dropout</c>, defaulting to <c>hidden_dropout_prob</c>).
/// </summary>
public sealed record ClassifierHeadOptions(int NumLabels, Pooling Pooling = Pooling.Pooler, double Dropout = 0.1)
{
    /// <summary>Every problem with these options, each naming the option; empty when valid.</summary>
    /// <summary>Throws one <see cref="ArgumentException"/> naming every problem (the classifiers' constructor check).</summary>
    public ClassifierHeadOptions EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException($"invalid classifier head: {string.Join("; ", errors)}", "head");
    }

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (NumLabels < 1)
        {
            errors.Add($"NumLabels must be at least 1 (1 = regression); got {NumLabels}");
        }

        if (Dropout is < 0 or >= 1)
        {
            errors.Add($"Dropout must be in [0, 1); got {Dropout}");
        }

        if (!Enum.IsDefined(Pooling))
        {
            errors.Add($"Pooling {Pooling} is not one of {string.Join(", ", Enum.GetNames<Pooling>())}");
        }

        return errors;
    }
}
