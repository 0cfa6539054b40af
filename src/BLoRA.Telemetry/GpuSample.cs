namespace BLoRA.Telemetry;

/// <summary>One reading of a worker's visible GPUs: memory in use (bytes, summed) and utilization (0..1, mean).</summary>
public sealed record GpuSample(long MemoryUsedBytes, double Utilization, int Gpus);
