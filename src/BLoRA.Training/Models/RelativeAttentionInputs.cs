using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// What disentangled attention shares across layers: the relative positions [length, length] (int64,
/// bucketed) and the (layer-normed) relative embeddings [2 x span, hidden].
/// </summary>
public sealed record RelativeAttentionInputs(Tensor Positions, Tensor Embeddings);
