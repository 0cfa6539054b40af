using BLoRA.Grains.Execution;
using BLoRA.Grains.Hosting;
using BLoRA.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BLoRA.Grains.Telemetry;

/// <summary>Publishes a worker silo's slots (in use, total) to the slot gauges while the silo runs.</summary>
internal sealed class WorkerSlotsMetrics(TrialExecutionHost host, ILocalSiloDetails silo, IOptions<SweepClusterOptions> options) : IHostedService
{
    private WorkerSlotsGauge? gauge;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (host.Capacity > 0)
        {
            gauge = WorkerSlotsGauge.Track(silo.Name, options.Value.Accelerator, host.Capacity, () => host.Used);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        gauge?.Dispose();
        return Task.CompletedTask;
    }
}
