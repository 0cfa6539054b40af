using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// What disentangled attention shares across layers: the relative embeddings a batch can reach
/// (<see cref="Embeddings"/>, [rows, hidden], layer-normed) and, for each (query, key) pair, the row
/// its content-to-position term reads (<see cref="C2PIndex"/>, <c>clamp(r + span)</c>) and the row its
/// position-to-content term reads (<see cref="P2CIndex"/>, <c>clamp(span - r)</c>), both [length, length]
/// int64 and relative to <see cref="Embeddings"/>' first row.
/// </summary>
public sealed record RelativeAttentionInputs(Tensor C2PIndex, Tensor P2CIndex, Tensor Embeddings)
{
    /// <summary>
    /// From relative positions [length, length] (<see cref="RelativePositions.Build"/>, on the CPU) and the
    /// full relative embeddings [2 x span, hidden]. Only the rows the positions reach are kept: at
    /// length 128 with DeBERTa-v3's 256 buckets that is 255 of 512, which halves the position
    /// projections, the c2p/p2c products and what their gathers keep for the backward pass.
    /// </summary>
    public static RelativeAttentionInputs Create(Tensor positions, Tensor embeddings, int span)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(embeddings);
        // Buckets are odd-symmetric, so both terms read rows span - max|r| .. span + max|r|.
        var reach = positions.abs().max().cpu().item<long>();
        var first = Math.Max(0, span - reach);
        var last = Math.Min((2L * span) - 1, span + reach);
        var device = embeddings.device;
        var c2p = (positions + span).clamp(0, (2 * span) - 1) - first;
        var p2c = (span - positions).clamp(0, (2 * span) - 1) - first;
        return new RelativeAttentionInputs(c2p.to(device), p2c.to(device), embeddings.narrow(0, first, last - first + 1));
    }
}
