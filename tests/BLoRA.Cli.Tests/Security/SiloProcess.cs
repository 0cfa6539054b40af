using BLoRA.Cli.Cluster;
using BLoRA.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace BLoRA.Cli.Tests.Security;

/// <summary>Real BLoRA silo hosts (BLoRASiloHost, as silos/BLoRA.Silo builds them) in this process, on free ports.</summary>
internal static class SiloProcess
{
    /// <summary>The settings of one silo of a cluster on Azurite table clustering; <paramref name="extra"/> wins.</summary>
    public static Dictionary<string, string?> Settings(string clusterId, string azurite, string role, string scratch, IReadOnlyDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BLoRA:Cluster:Role"] = role,
            ["BLoRA:Cluster:Accelerator"] = "cpu",
            ["BLoRA:Cluster:WorkerSlots"] = "1",
            ["BLoRA:Silo:ClusterId"] = clusterId,
            ["BLoRA:Silo:ServiceId"] = clusterId,
            ["BLoRA:Silo:Clustering"] = "AzureTable",
            ["BLoRA:Silo:ClusteringConnectionString"] = azurite,
            ["BLoRA:Silo:Storage"] = "Memory",
            ["BLoRA:Silo:AdvertisedAddress"] = "127.0.0.1",
            ["BLoRA:Silo:SiloPort"] = Port(),
            ["BLoRA:Silo:GatewayPort"] = Port(),
            ["BLoRA:Silo:DashboardPort"] = Port(),
            ["BLoRA:Runner:Device"] = "cpu",
            ["BLoRA:Runner:ScratchDirectory"] = Path.Combine(scratch, "scratch-" + role),
            ["BLoRA:Artifacts:Kind"] = "Local",
            ["BLoRA:Artifacts:LocalDirectory"] = Path.Combine(scratch, "artifacts"),
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <param name="settings">The silo's configuration.</param>
    /// <param name="logs">Where its logs go (every level); null: warnings and errors are dropped.</param>
    /// <param name="fatal">For a silo the tests expect the cluster to refuse: completed with Orleans' fatal error (e.g. "declared dead") instead of ending the test process.</param>
    /// <param name="joinWithin">How long the silo may try to join (Orleans' default: 5 minutes).</param>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, ILoggerProvider? logs = null, TaskCompletionSource<string>? fatal = null, TimeSpan? joinWithin = null) =>
        BLoRASiloHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            if (joinWithin is { } join)
            {
                builder.Services.Configure<ClusterMembershipOptions>(o => o.MaxJoinAttemptTime = join);
            }

            if (fatal is not null)
            {
                builder.Services.AddSingleton<IFatalErrorHandler>(new RecordInsteadOfCrashing(fatal));
            }

            builder.Logging.ClearProviders();
            if (logs is not null)
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
            }
            else
            {
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
            }
        });

    private static string Port() => DevCluster.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Orleans ends the process when a silo learns it was declared dead; for a refused test silo that is recorded instead.</summary>
    private sealed class RecordInsteadOfCrashing(TaskCompletionSource<string> fatal) : IFatalErrorHandler
    {
        public bool IsUnexpected(Exception exception) => true;

        public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) =>
            fatal.TrySetResult(context ?? exception?.Message ?? "fatal error");
    }
}
