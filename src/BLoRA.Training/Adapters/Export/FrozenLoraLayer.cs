using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters.Export;

/// <summary>
/// A reloaded adapter for inference: <c>delta = s * ((Qx(x) A^T) -> Qu -> * E -> Qv) B^T</c> with the
/// exported (already quantized, rank-truncated) A, E, B and the learned activation quantizers.
/// </summary>
public sealed class FrozenLoraLayer : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, CA1051 // Names mirror the trained adapter's.
    public readonly Parameter lora_A;
    public readonly Parameter lora_E;
    public readonly Parameter lora_B;
#pragma warning restore IDE1006, CA1051

    private readonly double scale;
    private readonly IReadOnlyDictionary<string, ActivationQuantEntry> activations;

    public FrozenLoraLayer(Tensor a, Tensor e, Tensor b, double scale, IReadOnlyDictionary<string, ActivationQuantEntry> activations)
        : base(nameof(FrozenLoraLayer))
    {
        lora_A = ParameterScope.Keep(nn.Parameter(a, requires_grad: false));
        lora_E = ParameterScope.Keep(nn.Parameter(e, requires_grad: false));
        lora_B = ParameterScope.Keep(nn.Parameter(b, requires_grad: false));
        this.scale = scale;
        this.activations = activations;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var x = Fake(input.to(lora_A.dtype), "x");
        var u = Fake(x.matmul(lora_A.t()), "u");
        var v = Fake(u * lora_E.squeeze(1), "v");
        return (v.matmul(lora_B.t()) * scale).to(input.dtype);
    }

    internal static Tensor FakeQuantize(Tensor t, ActivationQuantEntry q)
    {
        if (q.ClipMin is { } lo && q.ClipMax is { } hi)
        {
            t = t.clamp(lo, hi);
        }

        return q.Bits >= 32 && q.Step == 0 ? t : (t / q.Step).round() * q.Step;
    }

    private Tensor Fake(Tensor t, string name) =>
        activations.TryGetValue(name, out var q) ? FakeQuantize(t, q) : t;
}
