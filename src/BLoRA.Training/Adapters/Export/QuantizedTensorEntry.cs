namespace BLoRA.Training.Adapters.Export;

/// <summary>
/// One tensor of an exported adapter: value = Step * (Offset + stored integer), the integers packed
/// at <see cref="StoredBits"/> each (the learned width, or wider when an edge value needs it).
/// </summary>
public sealed record QuantizedTensorEntry(
    string Name,
    long[] Shape,
    int Bits,
    int StoredBits,
    double Step,
    long Offset,
    string File,
    string Sha256);
