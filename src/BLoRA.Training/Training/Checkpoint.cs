using System.Text.Json;
using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Adapters.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Training;

/// <summary>
/// A training checkpoint: the trainable tensors and adapter buffers, the optimizer state, the RNG
/// state and checkpoint.json. Written to a temporary folder then renamed, so a crash never leaves a
/// half-written checkpoint under the final name; every file is checked against its SHA-256 on load.
/// </summary>
public static class Checkpoint
{
    public const string StateFile = "checkpoint.json";
    private const string TensorsFile = "trainable.bin";
    private const string OptimizerFile = "optimizer.bin";
    private const string RngFile = "rng.bin";

    /// <summary>The folder name of the checkpoint at a step.</summary>
    public static string FolderName(int step) => $"step-{step:D8}";

    /// <summary>Writes the checkpoint under <paramref name="root"/>/step-N and prunes to the newest <paramref name="keep"/>.</summary>
    public static string Save(string root, nn.Module model, BayesianLoraModel blora, OptimizerHelper optimizer, CheckpointState state, int keep)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(blora);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(state);
        var final = Path.Combine(root, FolderName(state.Step));
        var temp = final + ".tmp";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        using (var writer = new BinaryWriter(File.Create(Path.Combine(temp, TensorsFile))))
        {
            var tensors = Persistent(model).ToList();
            writer.Write(tensors.Count);
            foreach (var (name, t) in tensors)
            {
                var bytes = t.detach().to(float32).cpu().contiguous().bytes;
                writer.Write(name);
                writer.Write(t.shape.Length);
                foreach (var d in t.shape)
                {
                    writer.Write(d);
                }

                writer.Write(bytes.Length);
                writer.Write(bytes);
            }
        }

        using (var writer = new BinaryWriter(File.Create(Path.Combine(temp, OptimizerFile))))
        {
            optimizer.save_state_dict(writer);
        }

        using (var rng = get_rng_state())
        {
            File.WriteAllBytes(Path.Combine(temp, RngFile), rng.bytes.ToArray());
        }

        var sums = new[] { TensorsFile, OptimizerFile, RngFile }
            .ToDictionary(f => f, f => AdapterExporter.Sha256(File.ReadAllBytes(Path.Combine(temp, f))), StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(temp, StateFile), JsonSerializer.Serialize(state with { Sha256 = sums }, ExportJson.Options));
        if (Directory.Exists(final))
        {
            Directory.Delete(final, recursive: true);
        }

        Directory.Move(temp, final);
        foreach (var old in List(root).SkipLast(keep))
        {
            Directory.Delete(old, recursive: true);
        }

        return final;
    }

    /// <summary>Checkpoint folders under <paramref name="root"/>, oldest first.</summary>
    public static IReadOnlyList<string> List(string root) =>
        Directory.Exists(root)
            ? Directory.GetDirectories(root, "step-*").Where(d => !d.EndsWith(".tmp", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The newest checkpoint under <paramref name="root"/> that passes <see cref="ReadState"/> (checksums,
    /// format), falling back past corrupt or truncated ones; none usable: start from step 0.
    /// </summary>
    public static ResumePoint FindResumable(string root) => FindResumable(List(root).Reverse());

    /// <summary>The first of <paramref name="newestFirst"/> that passes <see cref="ReadState"/>, with every one rejected before it.</summary>
    public static ResumePoint FindResumable(IEnumerable<string> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var rejected = new List<string>();
        foreach (var folder in newestFirst)
        {
            try
            {
                var state = ReadState(folder);
                return new ResumePoint(folder, state.Step, rejected);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                rejected.Add($"{Path.GetFileName(folder)}: {e.Message}");
            }
        }

        return new ResumePoint(null, 0, rejected);
    }

    /// <summary>Reads checkpoint.json and verifies every file's checksum.</summary>
    /// <exception cref="InvalidDataException">The checkpoint is corrupt or truncated (a checksum, the format or checkpoint.json itself).</exception>
    /// <exception cref="FileNotFoundException">checkpoint.json is missing.</exception>
    public static CheckpointState ReadState(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{folder}' is not a checkpoint: {StateFile} is missing.", path);
        }

        CheckpointState? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path), ExportJson.Options);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"checkpoint '{folder}' is corrupt: {StateFile} is not valid JSON ({e.Message}).", e);
        }

        var state = parsed ?? throw new InvalidDataException($"{path} is empty.");
        if (state.Format != CheckpointState.CurrentFormat)
        {
            throw new InvalidDataException($"{path}: format '{state.Format}' is not '{CheckpointState.CurrentFormat}'.");
        }

        foreach (var (file, sha) in state.Sha256)
        {
            var full = Path.Combine(folder, file);
            var actual = File.Exists(full) ? AdapterExporter.Sha256(File.ReadAllBytes(full)) : "missing";
            if (actual != sha)
            {
                throw new InvalidDataException($"checkpoint '{folder}' is corrupt: {file} has SHA-256 {actual}, expected {sha}.");
            }
        }

        return state;
    }

    /// <summary>Restores tensors, optimizer and RNG state saved by <see cref="Save"/>.</summary>
    public static void Restore(string folder, nn.Module model, OptimizerHelper optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        var targets = Persistent(model).ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);
        using (var reader = new BinaryReader(File.OpenRead(Path.Combine(folder, TensorsFile))))
        using (NewDisposeScope())
        using (no_grad())
        {
            var count = reader.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var shape = new long[reader.ReadInt32()];
                for (var d = 0; d < shape.Length; d++)
                {
                    shape[d] = reader.ReadInt64();
                }

                var bytes = reader.ReadBytes(reader.ReadInt32());
                if (!targets.TryGetValue(name, out var target))
                {
                    throw new InvalidDataException($"checkpoint '{folder}' holds '{name}', which this model does not have: was it made with another config?");
                }

                if (!target.shape.SequenceEqual(shape))
                {
                    throw new InvalidDataException($"checkpoint '{folder}': '{name}' is {string.Join("x", shape)} but the model's is {string.Join("x", target.shape)}.");
                }

                var values = new float[bytes.Length / sizeof(float)];
                Buffer.BlockCopy(bytes, 0, values, 0, bytes.Length);
                target.copy_(tensor(values).reshape(shape).to(target.dtype));
            }
        }

        using (var reader = new BinaryReader(File.OpenRead(Path.Combine(folder, OptimizerFile))))
        {
            optimizer.load_state_dict(reader);
        }

        var rng = File.ReadAllBytes(Path.Combine(folder, RngFile));
        using var state = tensor(rng, dtype: ScalarType.Byte);
        set_rng_state(state);
    }

    /// <summary>Trainable parameters plus every adapter buffer (quantizer ranges): what a resume needs.</summary>
    private static IEnumerable<(string Name, Tensor Tensor)> Persistent(nn.Module model)
    {
        foreach (var (name, p) in model.named_parameters())
        {
            if (p.requires_grad)
            {
                yield return (name, p);
            }
        }

        foreach (var (name, b) in model.named_buffers())
        {
            if (name.Contains(".adapter.", StringComparison.Ordinal))
            {
                yield return (name, b);
            }
        }
    }
}
