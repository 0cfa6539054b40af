using static TorchSharp.torch;

namespace BLoRA.Training.Models.Loading;

/// <summary>
/// Copies a checkpoint's tensors into an encoder by Hugging Face parameter name, checking every
/// shape. Accepts the usual spellings: a task model's <c>bert.</c> / <c>deberta.</c> prefix and TF-era
/// LayerNorm <c>gamma</c>/<c>beta</c>. Only BERT's pooler may be missing (sentence-transformers exports drop it).
/// </summary>
internal static class StateDictLoader
{
    public static CheckpointLoadReport Load(BertModel model, IReadOnlyDictionary<string, Tensor> checkpoint, string source) =>
        Load(model, checkpoint, source, BertModel.BaseModelPrefix, "BERT's (embeddings.*, encoder.layer.N.*): is it a BERT checkpoint?", k => k.StartsWith("pooler.", StringComparison.Ordinal));

    public static CheckpointLoadReport Load(DebertaModel model, IReadOnlyDictionary<string, Tensor> checkpoint, string source) =>
        Load(model, checkpoint, source, DebertaModel.BaseModelPrefix, "DeBERTa's (embeddings.*, encoder.layer.N.attention.self.query_proj, encoder.rel_embeddings): is it a DeBERTa-v2/v3 checkpoint?", _ => false);

    /// <summary>
    /// Copies <paramref name="checkpoint"/> into <paramref name="model"/>: keys may carry the task model's
    /// <paramref name="basePrefix"/>; every parameter must be there except <paramref name="optional"/> ones.
    /// </summary>
    private static CheckpointLoadReport Load(
        nn.Module model, IReadOnlyDictionary<string, Tensor> checkpoint, string source, string basePrefix, string family, Func<string, bool> optional)
    {
        var targets = model.state_dict();
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var (key, value) in checkpoint)
        {
            var name = Normalize(key, basePrefix);
            if (targets.ContainsKey(name))
            {
                byName[name] = value;
            }
            else
            {
                ignored.Add(key);
            }
        }

        var missing = targets.Keys.Where(k => !byName.ContainsKey(k)).ToList();
        var missingRequired = missing.Where(k => !optional(k)).ToList();
        if (missingRequired.Count > 0)
        {
            var hint = byName.Count == 0
                ? $" None of its tensor names match {family}"
                : string.Empty;
            throw new ModelLoadException(
                $"{source}: {missingRequired.Count} parameter(s) of the encoder are not in the checkpoint: " +
                $"{string.Join(", ", missingRequired.Take(8))}{(missingRequired.Count > 8 ? ", ..." : string.Empty)}.{hint}");
        }

        foreach (var (name, value) in byName)
        {
            var target = targets[name];
            if (!target.shape.SequenceEqual(value.shape))
            {
                throw new ModelLoadException(
                    $"{source}: tensor '{name}' has shape [{string.Join(", ", value.shape)}] in the checkpoint but the model " +
                    $"(from its config) expects [{string.Join(", ", target.shape)}]; does config.json belong to these weights?");
            }
        }

        using (no_grad())
        {
            foreach (var (name, value) in byName)
            {
                targets[name].copy_(value);
            }
        }

        return new CheckpointLoadReport(byName.Count, missing, ignored);
    }

    private static string Normalize(string key, string basePrefix)
    {
        var name = key.StartsWith(basePrefix + ".", StringComparison.Ordinal) ? key[(basePrefix.Length + 1)..] : key;
        if (name.EndsWith("LayerNorm.gamma", StringComparison.Ordinal))
        {
            return string.Concat(name.AsSpan(0, name.Length - "gamma".Length), "weight");
        }

        return name.EndsWith("LayerNorm.beta", StringComparison.Ordinal)
            ? string.Concat(name.AsSpan(0, name.Length - "beta".Length), "bias")
            : name;
    }
}
