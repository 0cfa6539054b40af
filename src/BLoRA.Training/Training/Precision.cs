namespace BLoRA.Training.Training;

/// <summary>Numeric precision of the frozen model. Adapters, gates and the head always train in fp32.</summary>
public enum Precision
{
    Fp32,

    /// <summary>Frozen weights and activations in bfloat16 (mixed precision; on CUDA and CPU).</summary>
    Bf16,
}
