using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BLoRA.Abstractions;
using BLoRA.Grains.Hosting;
using BLoRA.Hosting.Security;
using BLoRA.Runner;
using BLoRA.Storage;
using BLoRA.Telemetry;
using BLoRA.Training.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Storage;

namespace BLoRA.Hosting;

/// <summary>
/// One silo binary, its role from configuration: coordinator, worker (runs trials on its GPU or CPU
/// slots) or dev (both, localhost clustering, the Orleans dashboard on 127.0.0.1). Traces, metrics and
/// logs go out over OTLP when the OTEL_* variables ask for it (see <see cref="TelemetryServiceCollectionExtensions.AddBLoRATelemetry"/>).
/// </summary>
public static class BLoRASiloHost
{
    /// <summary>Builds the silo's host from configuration (appsettings, BLoRA__* environment variables, args).</summary>
    /// <exception cref="SiloConfigurationException">Every configuration problem, each naming its key.</exception>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        customize?.Invoke(builder);
        var host = builder.AddBLoRASilo();
        var app = builder.Build();
        app.MapGet("/healthz", () => Results.Ok("ok"));
        if (host.Dashboard)
        {
            app.MapOrleansDashboard();
        }

        return app;
    }

    /// <summary>Configures Orleans and the BLoRA services on <paramref name="builder"/>; returns the resolved host options.</summary>
    public static SiloHostOptions AddBLoRASilo(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var config = builder.Configuration;
        var settings = SiloSettings.Read(config);
        var problems = settings.Problems();
        if (problems.Count > 0)
        {
            throw new SiloConfigurationException(problems);
        }

        var (host, cluster, runner, artifacts, tls) = settings;
        var credentials = LoadTls(tls);

        if (cluster.RunsTrials)
        {
            // Workers load TorchSharp before anything else: a missing runtime fails the start with its own clear error.
            TorchRuntime.EnsureInitialized(TorchRuntime.ResolveOptions(config));
            builder.Services.AddSingleton(Options.Create(runner));
            builder.Services.AddSingleton<TrialResourceCache>();
            if (TelemetryNames.Devices.Of(runner.Device) == TelemetryNames.Devices.Cuda)
            {
                builder.Services.AddHostedService<GpuMetrics>();
            }
        }

        builder.Services.AddBLoRATelemetry(config, TelemetryNames.SiloService);

        builder.Services.AddArtifactStore(o =>
        {
            o.Kind = artifacts.Kind;
            o.LocalDirectory = artifacts.LocalDirectory;
            o.ConnectionString = artifacts.ConnectionString;
            o.ServiceUri = artifacts.ServiceUri;
            o.ManagedIdentityClientId = artifacts.ManagedIdentityClientId;
            o.ContainerName = artifacts.ContainerName;
        });

        // The HTTP side serves /healthz and, on dev silos, the dashboard (loopback only: the validator sees to it).
        var http = IPAddress.Parse(host.HttpAddress);
        var httpHost = http.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{http}]" : http.ToString();
        builder.WebHost.UseUrls($"http://{httpHost}:{host.DashboardPort}");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = host.ShutdownTimeout);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = host.ClusterId;
                o.ServiceId = host.ServiceId;
            });
            ConfigureClustering(silo, host);
            // Spans of one sweep join one trace across silos and clients.
            silo.AddActivityPropagation();
            silo.UseClusterTls(credentials);
            silo.AddSweepCluster(o =>
            {
                o.Role = cluster.Role;
                o.Accelerator = cluster.Accelerator;
                o.WorkerSlots = cluster.WorkerSlots;
                o.PumpInterval = cluster.PumpInterval;
                o.WatchdogInterval = cluster.WatchdogInterval;
                o.ReminderPeriod = cluster.ReminderPeriod;
                o.ProgressPersistInterval = cluster.ProgressPersistInterval;
                o.TrialReminders = cluster.TrialReminders;
            });
            ConfigureStorage(silo, host);
            // A runner the embedding host bound itself (before this call) is kept: it wraps or replaces the B-LoRA one.
            if (cluster.RunsTrials && !silo.Services.Any(d => d.ServiceType == typeof(ITrialRunner)))
            {
                silo.AddTrialRunner<BLoRATrialRunner>();
            }

            if (host.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        return host;
    }

    private static void ConfigureClustering(ISiloBuilder silo, SiloHostOptions host)
    {
        if (host.Clustering == ClusteringProvider.Localhost)
        {
            silo.UseLocalhostClustering(host.SiloPort, host.GatewayPort, serviceId: host.ServiceId, clusterId: host.ClusterId);
            return;
        }

        // Explicit endpoints (Kubernetes: the pod IP from the downward API), listening on every interface.
        var address = host.AdvertisedAddress is { } a ? IPAddress.Parse(a) : Dns.GetHostAddresses(Dns.GetHostName()).First(ip => ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        silo.ConfigureEndpoints(address, host.SiloPort, host.GatewayPort, listenOnAnyHostAddress: true);
        if (host.Clustering == ClusteringProvider.AzureTable)
        {
            silo.UseAzureStorageClustering(o => o.TableServiceClient = AzureStorageClients.Table(host.ClusteringConnectionString, host.ClusteringServiceUri, host.ManagedIdentityClientId));
        }
        else
        {
            silo.UseRedisClustering(host.ClusteringConnectionString!);
        }
    }

    private static void ConfigureStorage(ISiloBuilder silo, SiloHostOptions host)
    {
        if (host.Storage == GrainStorageProvider.Memory)
        {
            silo.AddSweepClusterMemoryStorage();
            silo.UseInMemoryReminderService();
            return;
        }

        silo.AddAzureBlobGrainStorage(GrainStorageNames.Sweeps, (OptionsBuilder<AzureBlobStorageOptions> o) => o.Configure<Orleans.Serialization.Serializer>((options, serializer) =>
        {
            options.BlobServiceClient = AzureStorageClients.Blob(host.StorageConnectionString, host.StorageBlobServiceUri, host.ManagedIdentityClientId, WithStorageRetry(new BlobClientOptions()));
            options.ContainerName = "blora-grains";
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAzureTableReminderService(o => o.TableServiceClient = AzureStorageClients.Table(host.StorageConnectionString, host.StorageTableServiceUri, host.ManagedIdentityClientId, WithStorageRetry(new TableClientOptions())));
    }

    private static ClusterTlsCredentials LoadTls(ClusterTlsOptions tls)
    {
        try
        {
            return ClusterTlsCredentials.Load(tls, ClusterTlsOptions.SectionName);
        }
        catch (TlsCertificateException e)
        {
            throw new SiloConfigurationException([e.Message]);
        }
    }

    /// <summary>A short retry per call (see <see cref="StorageRetryPolicy"/>): the grains retry with backoff themselves.</summary>
    public static T WithStorageRetry<T>(T options)
        where T : Azure.Core.ClientOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.MaxRetries = StorageRetryPolicy.MaxRetries;
        options.Retry.Delay = StorageRetryPolicy.Delay;
        options.Retry.MaxDelay = StorageRetryPolicy.MaxDelay;
        options.Retry.Mode = Azure.Core.RetryMode.Exponential;
        options.Retry.NetworkTimeout = StorageRetryPolicy.NetworkTimeout;
        return options;
    }
}
