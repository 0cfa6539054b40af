namespace BLoRA.Training.Data;

/// <summary>
/// How to load a task. <see cref="DataDirectory"/>: the GLUE root for <c>glue:</c> tasks (or the
/// SpamAssassin cache, default <c>$BLORA_DATA_DIR</c> or the repository's <c>.tools/data</c>).
/// Column names are for <c>csv:</c> and <c>jsonl:</c> tasks. Fractions split a single file (and the
/// spam corpus) deterministically by <see cref="Seed"/>.
/// </summary>
public sealed record TaskOptions
{
    public string? DataDirectory { get; init; }

    public int Seed { get; init; } = 42;

    public string TextColumn { get; init; } = "text";

    /// <summary>The second text of a pair, if any (e.g. "text_b", "hypothesis").</summary>
    public string? TextPairColumn { get; init; }

    public string LabelColumn { get; init; } = "label";

    /// <summary>Treat the label column as a number to regress (default: classification).</summary>
    public bool Regression { get; init; }

    /// <summary>The class names in index order; default: the distinct labels of the training data, sorted.</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    public double ValidationFraction { get; init; } = 0.1;

    public double TestFraction { get; init; } = 0.1;

    /// <summary>Every problem with these options, each naming the option; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(TextColumn))
        {
            errors.Add("TextColumn must name a column");
        }

        if (string.IsNullOrWhiteSpace(LabelColumn))
        {
            errors.Add("LabelColumn must name a column");
        }

        if (ValidationFraction < 0 || TestFraction < 0 || ValidationFraction + TestFraction >= 1)
        {
            errors.Add($"ValidationFraction ({ValidationFraction}) and TestFraction ({TestFraction}) must be >= 0 and sum to less than 1");
        }

        if (Labels is { Count: < 2 } && !Regression)
        {
            errors.Add("Labels must list at least two classes");
        }

        if (Labels is not null && Labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Labels.Count)
        {
            errors.Add("Labels must not repeat a class");
        }

        return errors;
    }
}
