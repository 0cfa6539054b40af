using System.Net;
using System.Net.Sockets;
using BLoRA.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BLoRA.Cli.Cluster;

/// <summary>Starts a dev silo in this process (for `blora dev` and `blora demo`).</summary>
internal static class DevCluster
{
    /// <param name="settings">Ports, slots, storage.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    /// <param name="services">More services, bound before the silo's own (a trial runner bound here is used instead of the B-LoRA one).</param>
    public static async Task<WebApplication> StartAsync(DevClusterSettings settings, CancellationToken cancellationToken, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var app = BLoRASiloHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["BLoRA:Cluster:Role"] = "Dev",
                ["BLoRA:Cluster:Accelerator"] = settings.Device.StartsWith("cuda", StringComparison.Ordinal) ? "gpu" : "cpu",
                ["BLoRA:Cluster:WorkerSlots"] = settings.Slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["BLoRA:Silo:Clustering"] = "Localhost",
                ["BLoRA:Silo:Storage"] = settings.StorageConnectionString is null ? "Memory" : "AzureStorage",
                ["BLoRA:Silo:StorageConnectionString"] = settings.StorageConnectionString,
                ["BLoRA:Silo:SiloPort"] = settings.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["BLoRA:Silo:GatewayPort"] = settings.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["BLoRA:Silo:Dashboard"] = settings.Dashboard ? "true" : "false",
                ["BLoRA:Silo:DashboardPort"] = settings.DashboardPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["BLoRA:Runner:Device"] = settings.Device,
                ["BLoRA:Artifacts:Kind"] = "Local",
                ["BLoRA:Artifacts:LocalDirectory"] = settings.ArtifactsDirectory,
            });
            builder.Logging.SetMinimumLevel(settings.Quiet ? LogLevel.Error : LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", settings.Quiet ? LogLevel.Error : LogLevel.Information);
            services?.Invoke(builder.Services);
        });
        await app.StartAsync(cancellationToken);
        return app;
    }

    /// <summary>The co-hosted client of a running dev silo.</summary>
    public static IClusterClient Client(WebApplication app) => app.Services.GetRequiredService<IClusterClient>();

    /// <summary>A free TCP port on loopback (the demo's silo must not collide with a running `blora dev`).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
