using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Adapters;

/// <summary>
/// A linear layer that an adapter can be attached to. It holds <c>weight</c> [out, in] and
/// <c>bias</c> [out] under the same names as <see cref="Linear"/> (and Hugging Face), so
/// checkpoints load by name; an attached adapter is registered as <c>adapter</c> and its output is
/// added to the layer's: <c>y = x W^T + b + adapter(x)</c>. Every encoder in this project builds its
/// projections from this class, which is how B-LoRA (or plain LoRA) is injected by module name.
/// </summary>
public sealed class AdaptableLinear : nn.Module<Tensor, Tensor>
{
    private const string AdapterName = "adapter";

#pragma warning disable IDE1006, CA1051 // Parameter names are part of the checkpoint format (Hugging Face's).
    public readonly Parameter weight;
    public readonly Parameter? bias;
#pragma warning restore IDE1006, CA1051

    private nn.Module<Tensor, Tensor>? adapter;

    public AdaptableLinear(long inFeatures, long outFeatures, bool hasBias = true, Device? device = null, ScalarType? dtype = null)
        : base(nameof(AdaptableLinear))
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        // Same initialisation as torch.nn.Linear: U(-1/sqrt(in), 1/sqrt(in)).
        var bound = 1.0 / Math.Sqrt(inFeatures);
        // The scope frees the temporaries the parameters are made from; the parameters are kept.
        using (NewDisposeScope())
        {
            weight = ParameterScope.Keep(nn.Parameter(empty([outFeatures, inFeatures], dtype: dtype, device: device).uniform_(-bound, bound)));
            bias = hasBias ? ParameterScope.Keep(nn.Parameter(empty([outFeatures], dtype: dtype, device: device).uniform_(-bound, bound))) : null;
        }

        RegisterComponents();
    }

    public long InFeatures { get; }

    public long OutFeatures { get; }

    /// <summary>The attached adapter, if any.</summary>
    public nn.Module<Tensor, Tensor>? Adapter => adapter;

    /// <summary>Attaches an adapter whose output (same shape as the layer's) is added to the layer's output.</summary>
    public void Attach(nn.Module<Tensor, Tensor> newAdapter)
    {
        ArgumentNullException.ThrowIfNull(newAdapter);
        if (adapter is not null)
        {
            throw new InvalidOperationException($"an adapter is already attached to this {nameof(AdaptableLinear)}.");
        }

        adapter = newAdapter;
        register_module(AdapterName, newAdapter);
    }

    public override Tensor forward(Tensor input)
    {
        var output = nn.functional.linear(input.to(weight.dtype), weight, bias);
        return adapter is null ? output : output + adapter.forward(input);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            weight.Dispose();
            bias?.Dispose();
            adapter?.Dispose();
        }

        base.Dispose(disposing);
    }
}
