using static TorchSharp.torch;

namespace BLoRA.Training.Models.Loading;

/// <summary>
/// Maps an exported BERT ONNX graph's initializers to Hugging Face parameter names. Embeddings,
/// LayerNorms and biases keep their names in the export; each linear weight is an anonymous
/// initializer stored [in, out] that feeds a <c>MatMul</c> whose output feeds an <c>Add</c> with the
/// named bias <c>X.bias</c>: that weight is <c>X.weight</c>, transposed to [out, in].
/// </summary>
internal static class OnnxBertWeights
{
    private static readonly string[] ParameterPrefixes = ["embeddings.", "encoder.", "pooler."];

    /// <summary>
    /// Every float initializer of <paramref name="graph"/> that is a model parameter, by parameter
    /// name, as CPU tensors (the caller disposes them). Graph constants (shapes, scalars) are skipped.
    /// </summary>
    public static Dictionary<string, Tensor> Map(OnnxGraph graph, string source)
    {
        var initializers = graph.Initializers.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<OnnxNode>>(StringComparer.Ordinal);
        foreach (var node in graph.Nodes)
        {
            foreach (var input in node.Inputs)
            {
                if (!consumers.TryGetValue(input, out var list))
                {
                    consumers[input] = list = [];
                }

                list.Add(node);
            }
        }

        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var unmapped = new List<string>();
        try
        {
            foreach (var init in graph.Initializers)
            {
                if (init.FloatData is null)
                {
                    continue; // int64 shape constants and the like
                }

                if (ParameterPrefixes.Any(p => init.Name.StartsWith(p, StringComparison.Ordinal)))
                {
                    Add(result, init.Name, tensor(init.FloatData, init.Dims), source);
                    continue;
                }

                if (init.Dims.Length == 2 && WeightName(init.Name, consumers, initializers) is { } weightName)
                {
                    using var stored = tensor(init.FloatData, init.Dims);
                    Add(result, weightName, stored.t().contiguous(), source);
                    continue;
                }

                if (init.Dims.Length >= 1 && init.FloatData.Length > 1)
                {
                    unmapped.Add($"{init.Name} [{string.Join(", ", init.Dims)}]");
                }
            }
        }
        catch
        {
            foreach (var t in result.Values)
            {
                t.Dispose();
            }

            throw;
        }

        if (unmapped.Count > 0)
        {
            foreach (var t in result.Values)
            {
                t.Dispose();
            }

            throw new ModelLoadException(
                $"{source}: cannot map {unmapped.Count} weight initializer(s) to a parameter through the graph " +
                $"(expected MatMul -> Add with a named bias): {string.Join(", ", unmapped.Take(5))}{(unmapped.Count > 5 ? ", ..." : string.Empty)}.");
        }

        return result;
    }

    private static string? WeightName(string initializer, Dictionary<string, List<OnnxNode>> consumers, Dictionary<string, OnnxTensor> initializers)
    {
        if (!consumers.TryGetValue(initializer, out var users))
        {
            return null;
        }

        var matmul = users.FirstOrDefault(n => n.OpType == "MatMul" && n.Inputs.Count == 2 && n.Inputs[1] == initializer);
        if (matmul is null || matmul.Outputs.Count != 1 || !consumers.TryGetValue(matmul.Outputs[0], out var next))
        {
            return null;
        }

        foreach (var add in next.Where(n => n.OpType == "Add" && n.Inputs.Count == 2))
        {
            var bias = add.Inputs[0] == matmul.Outputs[0] ? add.Inputs[1] : add.Inputs[0];
            if (bias.EndsWith(".bias", StringComparison.Ordinal) && initializers.ContainsKey(bias))
            {
                return string.Concat(bias.AsSpan(0, bias.Length - ".bias".Length), ".weight");
            }
        }

        return null;
    }

    private static void Add(Dictionary<string, Tensor> result, string name, Tensor value, string source)
    {
        if (!result.TryAdd(name, value))
        {
            value.Dispose();
            throw new ModelLoadException($"{source}: two initializers map to the parameter '{name}'.");
        }
    }
}
