namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// The module-name suffixes B-LoRA adapts, per model family: the attention projections by default,
/// and AdaLoRA's set (attention projections, attention output, both feed-forward projections) when
/// <see cref="BayesianLoraConfig.TargetModules"/> names <see cref="AdaLoraAlias"/>.
/// </summary>
public static class TargetModuleSets
{
    /// <summary>A target entry that stands for the model's AdaLoRA set (<c>--targets adalora</c>).</summary>
    public const string AdaLoraAlias = "adalora";

    /// <summary>BERT's attention projections: the default of <see cref="BayesianLoraConfig.TargetModules"/>.</summary>
    public static IReadOnlyList<string> BertAttention { get; } = ["query", "key", "value"];

    public static IReadOnlyList<string> BertAdaLora { get; } = ["query", "key", "value", "attention.output.dense", "intermediate.dense", "output.dense"];

    /// <summary>DeBERTa's attention projections, what B-LoRA and AdaLoRA adapt on DeBERTa-v3 by default.</summary>
    public static IReadOnlyList<string> DebertaAttention { get; } = ["query_proj", "key_proj", "value_proj"];

    public static IReadOnlyList<string> DebertaAdaLora { get; } = ["query_proj", "key_proj", "value_proj", "attention.output.dense", "intermediate.dense", "output.dense"];

    /// <summary>
    /// <paramref name="config"/> with its targets made concrete for a model: the config's default list
    /// (BERT's <c>query, key, value</c>, i.e. left as it was) becomes <paramref name="modelDefault"/>, and
    /// <see cref="AdaLoraAlias"/> expands to <paramref name="modelAdaLora"/>. Other lists are kept as given.
    /// </summary>
    public static BayesianLoraConfig Resolve(BayesianLoraConfig config, IReadOnlyList<string> modelDefault, IReadOnlyList<string> modelAdaLora)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(modelDefault);
        ArgumentNullException.ThrowIfNull(modelAdaLora);
        if (config.TargetModules.SequenceEqual(BertAttention, StringComparer.Ordinal))
        {
            return modelDefault.SequenceEqual(config.TargetModules, StringComparer.Ordinal) ? config : config with { TargetModules = modelDefault };
        }

        if (!config.TargetModules.Any(IsAdaLoraAlias))
        {
            return config;
        }

        var expanded = config.TargetModules.SelectMany(t => IsAdaLoraAlias(t) ? modelAdaLora : [t]).Distinct(StringComparer.Ordinal).ToList();
        return config with { TargetModules = expanded };
    }

    private static bool IsAdaLoraAlias(string target) => string.Equals(target.Trim(), AdaLoraAlias, StringComparison.OrdinalIgnoreCase);
}
