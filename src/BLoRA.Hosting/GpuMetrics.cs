using BLoRA.Telemetry;
using Microsoft.Extensions.Hosting;
using static TorchSharp.torch;

namespace BLoRA.Hosting;

/// <summary>Publishes a CUDA worker's GPU memory and utilization while the silo runs (nothing when no CUDA device is visible).</summary>
internal sealed class GpuMetrics(ILocalSiloDetails silo) : IHostedService
{
    private GpuGauge? gauge;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (cuda.is_available())
        {
            gauge = GpuGauge.Track(silo.Name);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        gauge?.Dispose();
        return Task.CompletedTask;
    }
}
