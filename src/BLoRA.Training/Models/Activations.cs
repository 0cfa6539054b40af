using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>The feed-forward activations Hugging Face configs name in <c>hidden_act</c>.</summary>
internal static class Activations
{
    public static IReadOnlyList<string> Supported { get; } = ["gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "relu", "silu", "swish"];

    public static bool IsSupported(string name) => Supported.Contains(name);

    public static Tensor Apply(string name, Tensor x) => name switch
    {
        // Exact (erf) GELU, as BERT and MiniLM were trained with.
        "gelu" => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => GeluTanh(x),
        "relu" => nn.functional.relu(x),
        "silu" or "swish" => nn.functional.silu(x),
        _ => throw new ArgumentException($"unsupported activation '{name}'", nameof(name)),
    };

    private static Tensor GeluTanh(Tensor x)
    {
        var inner = (x + (x.pow(3) * 0.044715)) * Math.Sqrt(2.0 / Math.PI);
        return 0.5 * x * (1.0 + inner.tanh());
    }
}
