using static TorchSharp.torch;

namespace BLoRA.Training.Models.Loading;

/// <summary>
/// Copies a checkpoint's tensors into an encoder by Hugging Face parameter name, checking every
/// shape. Accepts the usual spellings: a task model's <c>bert.</c> prefix and TF-era LayerNorm
/// <c>gamma</c>/<c>beta</c>. Only the pooler may be missing (sentence-transformers exports drop it).
/// </summary>
internal static class StateDictLoader
{
    public static CheckpointLoadReport Load(BertModel model, IReadOnlyDictionary<string, Tensor> checkpoint, string source)
    {
        var targets = model.state_dict();
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var (key, value) in checkpoint)
        {
            var name = Normalize(key);
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
        var missingRequired = missing.Where(k => !k.StartsWith("pooler.", StringComparison.Ordinal)).ToList();
        if (missingRequired.Count > 0)
        {
            var hint = byName.Count == 0
                ? " None of its tensor names match BERT's (embeddings.*, encoder.layer.N.*): is it a BERT checkpoint?"
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

    private static string Normalize(string key)
    {
        var name = key.StartsWith(BertModel.BaseModelPrefix + ".", StringComparison.Ordinal) ? key[(BertModel.BaseModelPrefix.Length + 1)..] : key;
        if (name.EndsWith("LayerNorm.gamma", StringComparison.Ordinal))
        {
            return string.Concat(name.AsSpan(0, name.Length - "gamma".Length), "weight");
        }

        return name.EndsWith("LayerNorm.beta", StringComparison.Ordinal)
            ? string.Concat(name.AsSpan(0, name.Length - "beta".Length), "bias")
            : name;
    }
}
