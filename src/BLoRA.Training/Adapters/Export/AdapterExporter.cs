using System.Security.Cryptography;
using System.Text.Json;
using BLoRA.Training.Adapters.BayesianLora;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.Export;

/// <summary>
/// Exports a trained B-LoRA model: deterministic gates applied, ranks truncated to the live rank,
/// each tensor stored as packed integers at its learned bit width, the head at fp32, and a manifest.
/// </summary>
public static class AdapterExporter
{
    public static AdapterManifest Export(BayesianLoraModel model, nn.Module root, string directory)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(root);
        Directory.CreateDirectory(directory);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var entries = new List<ExportedAdapterEntry>();
        foreach (var (name, layer) in model.Adapters)
        {
            layer.eval();
            var stats = layer.DeterministicStats();
            var r = stats.LiveRank;
            var tensors = new List<QuantizedTensorEntry>();
            var activations = new Dictionary<string, ActivationQuantEntry>(StringComparer.Ordinal);
            foreach (var (tensorName, quantizer) in layer.Quantizers)
            {
                var bits = stats.Bits[tensorName];
                var step = quantizer.StepFor(bits);
                if (tensorName is "A" or "E" or "B")
                {
                    var source = tensorName switch
                    {
                        "A" => layer.lora_A,
                        "E" => layer.lora_E,
                        _ => layer.lora_B,
                    };
                    var q = model.Config.GatesEnabled ? quantizer.Quantize(source, quantizer.DeterministicGates()) : source.detach();
                    q = tensorName == "B" ? q.narrow(1, 0, r) : q.narrow(0, 0, r);
                    tensors.Add(WriteQuantized(directory, $"{name}.{tensorName}", q, model.Config.GatesEnabled ? bits : 32, step));
                    continue;
                }

                // Activations (x, u, v) and the base weight W0 keep their learned bits and step only.
                var clip = model.Config.ClipInput ? quantizer.range.cpu().data<float>().ToArray() : null;
                activations[tensorName] = new ActivationQuantEntry(bits, step, clip?[0], clip?[1]);
            }

            entries.Add(new ExportedAdapterEntry(name, layer.InFeatures, layer.OutFeatures, layer.Config.Rank, r, layer.Config.Scale, tensors, activations));
        }

        var head = new List<HeadTensorEntry>();
        foreach (var (pname, p) in root.named_parameters())
        {
            if (model.HeadPrefixes.Any(h => pname == h || pname.StartsWith(h + ".", StringComparison.Ordinal)))
            {
                var bytes = p.detach().to(float32).cpu().contiguous().bytes.ToArray();
                var file = $"head.{pname}.f32";
                File.WriteAllBytes(Path.Combine(directory, file), bytes);
                head.Add(new HeadTensorEntry(pname, p.shape, file, Sha256(bytes)));
            }
        }

        var manifest = new AdapterManifest(AdapterManifest.CurrentFormat, model.Config, entries, head, model.Report());
        File.WriteAllText(Path.Combine(directory, AdapterManifest.FileName), JsonSerializer.Serialize(manifest, ExportJson.Options));
        return manifest;
    }

    private static QuantizedTensorEntry WriteQuantized(string directory, string name, Tensor value, int bits, double step)
    {
        var file = name + ".q";
        if (bits >= 32)
        {
            // Full precision (gates off): raw float32, step 0 marks it.
            var raw = value.to(float32).cpu().contiguous().bytes.ToArray();
            File.WriteAllBytes(Path.Combine(directory, file), raw);
            return new QuantizedTensorEntry(name, value.shape, 32, 32, 0, 0, file, Sha256(raw));
        }

        var ints = (value.to(float64) / step).round().to(int64).cpu().contiguous().data<long>().ToArray();
        var min = ints.Length == 0 ? 0 : ints.Min();
        var max = ints.Length == 0 ? 0 : ints.Max();
        var needed = Math.Max(1, (int)Math.Ceiling(Math.Log2(max - min + 1)));
        var width = Math.Max(bits, needed);
        var bytes = BitPacker.Pack(ints.Select(v => v - min).ToArray(), width);
        File.WriteAllBytes(Path.Combine(directory, file), bytes);
        return new QuantizedTensorEntry(name, value.shape, bits, width, step, min, file, Sha256(bytes));
    }

    internal static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
