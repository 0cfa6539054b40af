namespace BLoRA.Training.Adapters.Export;

/// <summary>A full-precision tensor of the task head (float32, raw little-endian).</summary>
public sealed record HeadTensorEntry(string Name, long[] Shape, string File, string Sha256);
