using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// The last line of the BOP budget: when the deterministic gates after training still exceed B,
/// switch off, one at a time, the gate the model is least sure about among those that can go
/// (the highest live bit level of a tensor, or the last live rank component) until the adapters fit.
/// </summary>
public static class BudgetRepair
{
    /// <summary>A logit safely below the hard cutoff: the gate is off in training and eval.</summary>
    public const float OffLogit = -3f;

    /// <summary>Switches gates off until relative adapter BOPs &lt;= budget; returns how many it switched.</summary>
    public static int Enforce(BayesianLoraModel model, double budget)
    {
        ArgumentNullException.ThrowIfNull(model);
        var switched = 0;
        using var noGrad = no_grad();
        while (model.Report().AdapterRelative > budget)
        {
            using var scope = NewDisposeScope();
            var candidate = Candidates(model).OrderBy(c => c.Logit).FirstOrDefault();
            if (candidate.Logits is null)
            {
                break;
            }

            candidate.Logits[candidate.Index].fill_(OffLogit);
            switched++;
        }

        return switched;
    }

    private static IEnumerable<(Tensor Logits, long Index, float Logit)> Candidates(BayesianLoraModel model)
    {
        foreach (var (_, layer) in model.Adapters)
        {
            foreach (var (name, quantizer) in layer.Quantizers)
            {
                if (name == "W0")
                {
                    continue; // The base weight's bits are not adapter BOPs.
                }

                var bits = quantizer.DeterministicBits();
                if (bits > 2)
                {
                    var level = (long)Math.Log2(bits) - 2; // 4 bits -> gate 0 (z4), 8 -> 1, ...
                    yield return (quantizer.gate_logits, level, quantizer.gate_logits[level].to(ScalarType.Float32).item<float>());
                }
            }

            var rank = layer.RankGates.LiveRank();
            if (rank > 1)
            {
                var logits = layer.RankGates.logits;
                yield return (logits, rank - 2, logits[rank - 2].to(ScalarType.Float32).item<float>());
            }
        }
    }
}
