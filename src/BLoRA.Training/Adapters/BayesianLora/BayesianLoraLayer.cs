using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>
/// One B-LoRA adapter on a frozen linear layer W0 [d_out, d_in] (blora-method.md section 1):
/// <c>delta = s * ((dropout(x) Q(A)^T) * (Q(E) * m)^T) Q(B)^T</c> with one Bayesian-Bits quantizer per
/// tensor and ordered rank gates m. Attached to an <see cref="AdaptableLinear"/>, whose output it adds to.
/// </summary>
public sealed class BayesianLoraLayer : nn.Module<Tensor, Tensor>
{
    /// <summary>Bits of an unquantized operand.</summary>
    public const int FullPrecisionBits = 32;

#pragma warning disable IDE1006, CA1051 // Parameter names are part of the checkpoint format.
    public readonly Parameter lora_A;
    public readonly Parameter lora_E;
    public readonly Parameter lora_B;
#pragma warning restore IDE1006, CA1051

    private readonly BayesianBitsQuantizer quant_A;
    private readonly BayesianBitsQuantizer quant_E;
    private readonly BayesianBitsQuantizer quant_B;
    private readonly BayesianBitsQuantizer? quant_x;
    private readonly BayesianBitsQuantizer? quant_u;
    private readonly BayesianBitsQuantizer? quant_v;
    private readonly BayesianBitsQuantizer? quant_base;
    private readonly RankGates rank_gates;
    private readonly Dropout dropout;
    private readonly BaseWeight? baseWeight;

    public BayesianLoraLayer(AdaptableLinear target, BayesianLoraConfig config, Generator? generator = null)
        : base(nameof(BayesianLoraLayer))
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(config);
        Config = config;
        InFeatures = target.InFeatures;
        OutFeatures = target.OutFeatures;
        var device = target.weight.device;
        var r = config.Rank;
        using (NewDisposeScope())
        {
            lora_A = ParameterScope.Keep(nn.Parameter(Init([r, InFeatures], config.InitStd, generator).to(device)));
            lora_E = ParameterScope.Keep(nn.Parameter(Init([r, 1], config.InitStd, generator).to(device)));
            lora_B = ParameterScope.Keep(nn.Parameter(Init([OutFeatures, r], config.InitStd, generator).to(device)));
        }

        quant_A = NewQuantizer(config, device);
        quant_E = NewQuantizer(config, device);
        quant_B = NewQuantizer(config, device);
        if (config.QuantizeActivations)
        {
            quant_x = NewQuantizer(config, device);
            quant_u = NewQuantizer(config, device);
            quant_v = NewQuantizer(config, device);
        }

        if (config.QuantizeBase)
        {
            quant_base = NewQuantizer(config, device);
            baseWeight = new BaseWeight(target);
        }

        rank_gates = new RankGates(r, config.GateInit, device);
        dropout = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public BayesianLoraConfig Config { get; }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    public RankGates RankGates => rank_gates;

    /// <summary>The quantizers by tensor name: A, E, B, and x, u, v, W0 when those switches are on.</summary>
    public IReadOnlyList<(string Name, BayesianBitsQuantizer Quantizer)> Quantizers =>
        new (string, BayesianBitsQuantizer?)[]
        {
            ("A", quant_A), ("E", quant_E), ("B", quant_B),
            ("x", quant_x), ("u", quant_u), ("v", quant_v), ("W0", quant_base),
        }.Where(q => q.Item2 is not null).Select(q => (q.Item1, q.Item2!)).ToList();

    public override Tensor forward(Tensor input)
    {
        var x = input.to(lora_A.dtype);
        var xd = dropout.forward(x);
        if (!Config.GatesEnabled)
        {
            return (xd.matmul(lora_A.t()) * lora_E.squeeze(1)).matmul(lora_B.t()).mul_(Config.Scale).to(input.dtype);
        }

        if (quant_x is not null)
        {
            xd = quant_x.forward(xd);
        }

        var u = xd.matmul(quant_A.forward(lora_A).t());
        if (quant_u is not null)
        {
            u = quant_u.forward(u);
        }

        var v = u * (quant_E.forward(lora_E).squeeze(1) * rank_gates.Mask());
        if (quant_v is not null)
        {
            v = quant_v.forward(v);
        }

        var delta = v.matmul(quant_B.forward(lora_B).t()) * Config.Scale;
        if (quant_base is not null)
        {
            // y = x Q(W0)^T + b: add x (Q(W0) - W0)^T to the frozen layer's x W0^T.
            var w0 = baseWeight!.Weight.detach().to(x.dtype);
            delta = delta + x.matmul((quant_base.forward(w0) - w0).t());
        }

        return delta.to(input.dtype);
    }

    /// <summary>
    /// The prior (section 4): lambda_q * sum of quantizer gate chains + lambda_r * R(E),
    /// R(E) = mean(q2) * (1 + chain(E)). With <see cref="RegularizerWeighting.Bops"/> each term is
    /// weighted by MACs_tensor / <paramref name="maxMacs"/> and by the bits each gate enables.
    /// </summary>
    public Tensor Regularizer(double maxMacs)
    {
        if (!Config.GatesEnabled)
        {
            return zeros(1, dtype: lora_A.dtype, device: lora_A.device).squeeze();
        }

        var bops = Config.RegularizerWeighting == RegularizerWeighting.Bops;
        var quantTerm = zeros(1, dtype: lora_A.dtype, device: lora_A.device).squeeze();
        foreach (var (name, quantizer) in Quantizers)
        {
            if (name == "E")
            {
                continue;
            }

            var weight = bops ? Macs(name) / maxMacs : 1.0;
            quantTerm = quantTerm + (quantizer.GateChainPenalty(bops) * weight);
        }

        var eWeight = bops ? Macs("E") / maxMacs : 1.0;
        var eChain = (bops ? 2.0 : 1.0) + quant_E.GateChainPenalty(bops);
        var rankTerm = rank_gates.MeanProbability() * eChain * eWeight;
        return (quantTerm * Config.EffectiveLambdaQ) + (rankTerm * Config.EffectiveLambdaR);
    }

    /// <summary>MACs per token of the product a tensor takes part in.</summary>
    public double Macs(string tensor) => tensor switch
    {
        "A" or "x" => (double)Config.Rank * InFeatures,
        "E" or "u" => Config.Rank,
        "B" or "v" => (double)OutFeatures * Config.Rank,
        "W0" => (double)InFeatures * OutFeatures,
        _ => throw new ArgumentOutOfRangeException(nameof(tensor), tensor, "unknown tensor"),
    };

    /// <summary>Expected adapter BOPs per token with E[r] and E[b] (differentiable; gates taken independent).</summary>
    public Tensor ExpectedBops()
    {
        if (!Config.GatesEnabled)
        {
            return full(1, FullPrecisionBops(), dtype: lora_A.dtype, device: lora_A.device).squeeze();
        }

        var r = rank_gates.ExpectedRank();
        var bx = ActivationBits(quant_x);
        var bu = ActivationBits(quant_u);
        var bv = ActivationBits(quant_v);
        return (r * InFeatures * bx * quant_A.ExpectedBits())
               + (r * bu * quant_E.ExpectedBits())
               + (r * OutFeatures * bv * quant_B.ExpectedBits());
    }

    /// <summary>BOPs per token of the same adapter at fp32 and the initial rank.</summary>
    public double FullPrecisionBops() =>
        BopFormulas.AdapterBops(Config.Rank, InFeatures, OutFeatures, FullPrecisionBits, FullPrecisionBits, FullPrecisionBits, FullPrecisionBits, FullPrecisionBits, FullPrecisionBits);

    /// <summary>The deterministic state after training: bits per tensor, live rank, BOPs (syncs with the host).</summary>
    public AdapterStats DeterministicStats()
    {
        if (!Config.GatesEnabled)
        {
            var full32 = Quantizers.ToDictionary(q => q.Name, _ => FullPrecisionBits, StringComparer.Ordinal);
            return new AdapterStats(Config.Rank, full32, FullPrecisionBops(), FullPrecisionBops());
        }

        var bits = Quantizers.ToDictionary(q => q.Name, q => q.Quantizer.DeterministicBits(), StringComparer.Ordinal);
        var rank = rank_gates.LiveRank();
        int Bits(string name) => bits.TryGetValue(name, out var b) ? b : FullPrecisionBits;
        var bops = BopFormulas.AdapterBops(rank, InFeatures, OutFeatures, Bits("x"), Bits("A"), Bits("u"), Bits("E"), Bits("v"), Bits("B"));
        return new AdapterStats(rank, bits, bops, FullPrecisionBops());
    }

    private Tensor ActivationBits(BayesianBitsQuantizer? quantizer) =>
        quantizer?.ExpectedBits() ?? full(1, (double)FullPrecisionBits, dtype: lora_A.dtype, device: lora_A.device).squeeze();

    private static BayesianBitsQuantizer NewQuantizer(BayesianLoraConfig config, Device device) =>
        new(config.MaxBits, config.GateInit, config.LearnedScale, config.ClipInput, device);

    private static Tensor Init(long[] shape, double std, Generator? generator) => randn(shape, generator: generator) * std;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lora_A.Dispose();
            lora_E.Dispose();
            lora_B.Dispose();
            foreach (var (_, q) in Quantizers)
            {
                q.Dispose();
            }

            rank_gates.Dispose();
            dropout.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>
    /// Reaches the frozen base weight without registering it as this module's parameter; read on
    /// each use because moving a module (to a device or dtype) replaces its parameter objects.
    /// </summary>
    private sealed class BaseWeight(AdaptableLinear layer)
    {
        public Parameter Weight => layer.weight;
    }
}
