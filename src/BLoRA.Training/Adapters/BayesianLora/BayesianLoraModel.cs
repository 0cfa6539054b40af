using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// B-LoRA injected into a model (PEFT's "model" part): adapters attached to the target
/// <see cref="AdaptableLinear"/> modules by name, everything else frozen except the named head
/// modules. Aggregates the prior, expected bits/rank/BOPs and the deterministic report.
/// </summary>
public sealed class BayesianLoraModel
{
    private readonly nn.Module root;
    private readonly double maxMacs;
    private readonly double fullPrecisionBops;

    private BayesianLoraModel(nn.Module root, BayesianLoraConfig config, IReadOnlyList<(string Name, BayesianLoraLayer Layer)> adapters, IReadOnlyList<string> headPrefixes)
    {
        this.root = root;
        Config = config;
        Adapters = adapters;
        HeadPrefixes = headPrefixes;
        maxMacs = adapters.SelectMany(a => a.Layer.Quantizers.Select(q => a.Layer.Macs(q.Name))).DefaultIfEmpty(1).Max();
        fullPrecisionBops = adapters.Sum(a => a.Layer.FullPrecisionBops());
    }

    public BayesianLoraConfig Config { get; }

    /// <summary>Adapters by the dotted name of the module they are attached to.</summary>
    public IReadOnlyList<(string Name, BayesianLoraLayer Layer)> Adapters { get; }

    /// <summary>Module-name prefixes that train with the adapters (the task head).</summary>
    public IReadOnlyList<string> HeadPrefixes { get; }

    /// <summary>Sum over adapters of their fp32, initial-rank BOPs per token.</summary>
    public double FullPrecisionBops => fullPrecisionBops;

    /// <summary>
    /// Attaches an adapter to every <see cref="AdaptableLinear"/> whose name ends with a target,
    /// freezes every parameter, then unfreezes the adapters and the head modules.
    /// </summary>
    /// <exception cref="ArgumentException">The config is invalid, or no module matches the targets.</exception>
    public static BayesianLoraModel Inject(nn.Module root, BayesianLoraConfig config, IReadOnlyList<string> headPrefixes, long seed)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(headPrefixes);
        config.EnsureValid();
        var linears = root.named_modules().Where(m => m.module is AdaptableLinear).ToList();
        var targets = linears.Where(m => !IsUnder(m.name, headPrefixes) && config.TargetModules.Any(t => Matches(m.name, t))).ToList();
        if (targets.Count == 0)
        {
            var names = string.Join(", ", linears.Select(m => m.name).Take(12));
            throw new ArgumentException(
                $"{nameof(BayesianLoraConfig.TargetModules)}: none of [{string.Join(", ", config.TargetModules)}] matches a linear module of this model; its linear modules are: {names}.");
        }

        foreach (var p in root.parameters())
        {
            p.requires_grad = false;
        }

        var generator = new Generator((ulong)seed);
        var adapters = new List<(string, BayesianLoraLayer)>();
        foreach (var (name, module) in targets)
        {
            var linear = (AdaptableLinear)module;
            var layer = new BayesianLoraLayer(linear, config, generator);
            linear.Attach(layer);
            adapters.Add((name, layer));
        }

        foreach (var (name, p) in root.named_parameters())
        {
            if (IsUnder(name, headPrefixes) || name.Contains(".adapter.", StringComparison.Ordinal))
            {
                p.requires_grad = !(name.EndsWith(".step", StringComparison.Ordinal) && !config.LearnedScale);
            }
        }

        if (!config.GatesEnabled)
        {
            foreach (var (_, layer) in adapters)
            {
                foreach (var (pname, p) in layer.named_parameters())
                {
                    p.requires_grad = pname.StartsWith("lora_", StringComparison.Ordinal);
                }
            }
        }

        return new BayesianLoraModel(root, config, adapters, headPrefixes);
    }

    /// <summary>Adapter matrices and the head: trained at the adapter learning rate with weight decay.</summary>
    public IReadOnlyList<Parameter> AdapterParameters() =>
        Trainable().Where(p => !IsGateOrScale(p.Name)).Select(p => p.Parameter).ToList();

    /// <summary>Gate logits and quantizer steps: their own learning rate, no weight decay.</summary>
    public IReadOnlyList<Parameter> GateParameters() =>
        Trainable().Where(p => IsGateOrScale(p.Name)).Select(p => p.Parameter).ToList();

    /// <summary>Every parameter that trains, with its name.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Trainable() =>
        root.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)).ToList();

    /// <summary>The whole prior term of the loss (section 4).</summary>
    public Tensor Regularizer()
    {
        Tensor? total = null;
        foreach (var (_, layer) in Adapters)
        {
            var term = layer.Regularizer(maxMacs);
            total = total is null ? term : total + term;
        }

        return total!;
    }

    /// <summary>Expected adapter BOPs over fp32 LoRA at the initial rank (differentiable).</summary>
    public Tensor ExpectedRelativeBops()
    {
        Tensor? total = null;
        foreach (var (_, layer) in Adapters)
        {
            var term = layer.ExpectedBops();
            total = total is null ? term : total + term;
        }

        return total! / fullPrecisionBops;
    }

    /// <summary>Mean expected bit width over the adapter weight quantizers (A, E, B), for monitoring.</summary>
    public Tensor MeanExpectedBits()
    {
        var bits = Adapters.SelectMany(a => a.Layer.Quantizers.Where(q => q.Name is "A" or "E" or "B").Select(q => q.Quantizer.ExpectedBits())).ToList();
        return bits.Count == 0 || !Config.GatesEnabled
            ? full(1, 32.0).squeeze()
            : stack(bits).mean();
    }

    /// <summary>Mean expected rank over adapters, for monitoring.</summary>
    public Tensor MeanExpectedRank() =>
        Config.GatesEnabled
            ? stack(Adapters.Select(a => a.Layer.RankGates.ExpectedRank()).ToList()).mean()
            : full(1, (double)Config.Rank).squeeze();

    /// <summary>The deterministic report after training (syncs with the host).</summary>
    public BopReport Report(AttentionShape? attention = null, int sequenceLength = 128)
    {
        var adapters = Adapters.ToDictionary(a => a.Name, a => a.Layer.DeterministicStats(), StringComparer.Ordinal);
        var adapterBops = adapters.Values.Sum(a => a.Bops);
        double frozen = 0;
        foreach (var (name, module) in root.named_modules())
        {
            if (module is AdaptableLinear linear)
            {
                var bw = adapters.TryGetValue(name, out var stats) && stats.Bits.TryGetValue("W0", out var b) ? b : 32;
                frozen += BopFormulas.LinearBops(linear.InFeatures, linear.OutFeatures, 32, bw);
            }
        }

        var perToken = frozen + adapterBops;
        var perExample = (perToken * sequenceLength)
                         + (attention is null ? 0 : attention.Layers * BopFormulas.AttentionBops(sequenceLength, attention.Hidden));
        return new BopReport(adapters, adapterBops, fullPrecisionBops, adapterBops / fullPrecisionBops, perToken, perExample, sequenceLength);
    }

    internal static bool Matches(string moduleName, string target) =>
        moduleName == target || moduleName.EndsWith("." + target, StringComparison.Ordinal);

    private static bool IsUnder(string name, IReadOnlyList<string> prefixes) =>
        prefixes.Any(p => name == p || name.StartsWith(p + ".", StringComparison.Ordinal));

    private static bool IsGateOrScale(string name) =>
        name.EndsWith(".gate_logits", StringComparison.Ordinal)
        || name.EndsWith(".step", StringComparison.Ordinal)
        || name.EndsWith(".rank_gates.logits", StringComparison.Ordinal);
}
