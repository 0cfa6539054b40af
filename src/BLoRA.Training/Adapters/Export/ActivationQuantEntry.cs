namespace BLoRA.Training.Adapters.Export;

/// <summary>A learned activation quantizer: x -> Step * round(clamp(x) / Step) at <paramref name="Bits"/> bits.</summary>
public sealed record ActivationQuantEntry(int Bits, double Step, double? ClipMin, double? ClipMax);
