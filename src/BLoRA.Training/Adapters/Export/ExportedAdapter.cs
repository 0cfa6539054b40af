using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.Export;

/// <summary>An exported B-LoRA adapter read back from disk: attach it to a base model, or merge it into the weights.</summary>
public sealed class ExportedAdapter
{
    private readonly string directory;

    private ExportedAdapter(string directory, AdapterManifest manifest)
    {
        this.directory = directory;
        Manifest = manifest;
    }

    public AdapterManifest Manifest { get; }

    /// <summary>Reads and checks the manifest; every file's SHA-256 is verified when its tensor is read.</summary>
    public static ExportedAdapter Load(string directory)
    {
        var path = Path.Combine(directory, AdapterManifest.FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no {AdapterManifest.FileName} in '{directory}': not an exported B-LoRA adapter.", path);
        }

        var manifest = JsonSerializer.Deserialize<AdapterManifest>(File.ReadAllText(path), ExportJson.Options)
                       ?? throw new InvalidDataException($"{path}: empty manifest.");
        if (manifest.Format != AdapterManifest.CurrentFormat)
        {
            throw new InvalidDataException($"{path}: format '{manifest.Format}' is not '{AdapterManifest.CurrentFormat}'.");
        }

        return new ExportedAdapter(directory, manifest);
    }

    /// <summary>Attaches frozen adapters to the matching <see cref="AdaptableLinear"/> modules and loads the head.</summary>
    public void AttachTo(nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var linears = Linears(root);
        foreach (var entry in Manifest.Adapters)
        {
            var target = Find(linears, entry.Module);
            var device = target.weight.device;
            using var scope = NewDisposeScope();
            var layer = new FrozenLoraLayer(Read(entry, "A").to(device), Read(entry, "E").to(device), Read(entry, "B").to(device), entry.Scale, entry.Activations);
            if (entry.Activations.TryGetValue("W0", out var w0))
            {
                using var noGrad = no_grad();
                target.weight.copy_(FrozenLoraLayer.FakeQuantize(target.weight, w0));
            }

            target.Attach(layer);
        }

        LoadHead(root);
    }

    /// <summary>
    /// Merges every adapter into its base weight (W &lt;- Q(W0) + s B E A) and loads the head: the model
    /// then runs at the base model's cost. Refused when activations are quantized (not a linear map).
    /// </summary>
    public void MergeInto(nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (Manifest.Config.QuantizeActivations)
        {
            throw new InvalidOperationException("this adapter quantizes its activations, so it cannot be merged into the base weights; use AttachTo instead.");
        }

        var linears = Linears(root);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var entry in Manifest.Adapters)
        {
            var target = Find(linears, entry.Module);
            var device = target.weight.device;
            var a = Read(entry, "A").to(device);
            var e = Read(entry, "E").to(device);
            var b = Read(entry, "B").to(device);
            if (entry.Activations.TryGetValue("W0", out var w0))
            {
                target.weight.copy_(FrozenLoraLayer.FakeQuantize(target.weight, w0));
            }

            target.weight.add_((b * e.squeeze(1)).matmul(a).mul(entry.Scale).to(target.weight.dtype));
        }

        LoadHead(root);
    }

    /// <summary>The dequantized tensor of one adapter (A, E or B), checksum verified.</summary>
    public Tensor Read(ExportedAdapterEntry entry, string tensor)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var t = entry.Tensors.SingleOrDefault(x => x.Name == $"{entry.Module}.{tensor}")
                ?? throw new InvalidDataException($"manifest: adapter '{entry.Module}' has no tensor {tensor}.");
        var bytes = ReadChecked(t.File, t.Sha256);
        var count = t.Shape.Aggregate(1L, (x, y) => x * y);
        if (t.StoredBits >= 32 && t.Step == 0)
        {
            return torch.tensor(Floats(bytes, count, t.File)).reshape(t.Shape);
        }

        var ints = BitPacker.Unpack(bytes, (int)count, t.StoredBits);
        var values = ints.Select(v => (float)((v + t.Offset) * t.Step)).ToArray();
        return torch.tensor(values).reshape(t.Shape);
    }

    private void LoadHead(nn.Module root)
    {
        var parameters = root.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var h in Manifest.Head)
        {
            if (!parameters.TryGetValue(h.Name, out var p))
            {
                throw new InvalidDataException($"manifest: head tensor '{h.Name}' has no parameter of that name in this model.");
            }

            var expected = string.Join("x", h.Shape);
            if (!p.shape.SequenceEqual(h.Shape))
            {
                throw new InvalidDataException($"manifest: head tensor '{h.Name}' is {expected} but the model's is {string.Join("x", p.shape)}.");
            }

            var values = Floats(ReadChecked(h.File, h.Sha256), p.numel(), h.File);
            p.copy_(torch.tensor(values).reshape(h.Shape).to(p.dtype));
        }
    }

    private byte[] ReadChecked(string file, string sha256)
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"exported adapter file '{file}' is missing from '{directory}'.", path);
        }

        var bytes = File.ReadAllBytes(path);
        var actual = AdapterExporter.Sha256(bytes);
        return actual == sha256
            ? bytes
            : throw new InvalidDataException($"'{path}' is corrupt: SHA-256 {actual} does not match the manifest's {sha256}.");
    }

    private static float[] Floats(byte[] bytes, long count, string file)
    {
        if (bytes.Length != count * sizeof(float))
        {
            throw new InvalidDataException($"'{file}' holds {bytes.Length} bytes, expected {count * sizeof(float)}.");
        }

        var values = new float[count];
        Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
        return values;
    }

    private static Dictionary<string, AdaptableLinear> Linears(nn.Module root) =>
        root.named_modules().Where(m => m.module is AdaptableLinear).ToDictionary(m => m.name, m => (AdaptableLinear)m.module, StringComparer.Ordinal);

    private static AdaptableLinear Find(Dictionary<string, AdaptableLinear> linears, string module) =>
        linears.TryGetValue(module, out var target)
            ? target
            : throw new InvalidDataException($"manifest: module '{module}' is not an adaptable linear layer of this model.");
}
