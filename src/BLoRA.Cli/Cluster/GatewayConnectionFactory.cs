using System.Net;
using BLoRA.Cli.Sweeps;
using BLoRA.Hosting.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace BLoRA.Cli.Cluster;

/// <summary>
/// Connects to a cluster's gateways: <c>--cluster</c>, else <c>BLORA_CLUSTER</c>, else
/// <c>Cluster:Gateway</c> in the config file, else 127.0.0.1:30000 (the dev cluster). Retries with
/// backoff for <c>Cluster:ConnectTimeoutSeconds</c> (default 15), then fails with a clear message.
/// TLS: <c>Cluster:Tls</c> (<see cref="ClusterTlsOptions"/>), overridden by --tls-cert, --tls-key and --tls-ca.
/// </summary>
internal sealed class GatewayConnectionFactory(IConfiguration configuration) : IClusterConnectionFactory
{
    public const string DefaultGateway = "127.0.0.1:30000";

    public const string TlsSection = "Cluster:Tls";

    public Task<IClusterConnection> ConnectAsync(string? cluster, CancellationToken cancellationToken) =>
        ConnectAsync(cluster, ResolveTls(null), cancellationToken);

    public Task<IClusterConnection> ConnectAsync(ClusterSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return ConnectAsync(settings.Cluster, ResolveTls(settings), cancellationToken);
    }

    /// <summary>The TLS options of the config file's <c>Cluster:Tls</c> with the command's flags on top; loaded, or every problem in one exception.</summary>
    internal ClusterTlsCredentials ResolveTls(ClusterSettings? settings)
    {
        var options = configuration.GetSection(TlsSection).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions();
        if (settings?.TlsCertificate is { Length: > 0 } cert)
        {
            options.CertificatePath = cert;
            options.CertificateThumbprint = null;
            options.CertificateSubject = null;
            options.Mode = TlsMode.MutualTls;
        }

        if (settings?.TlsKey is { Length: > 0 } key)
        {
            options.CertificateKeyPath = key;
        }

        if (settings?.TlsCa is { Length: > 0 } ca)
        {
            options.TrustedCaPath = ca;
            options.Mode = options.Mode == TlsMode.None ? TlsMode.Tls : options.Mode;
        }

        var problems = ClusterTlsOptionsValidator.Problems(options, TlsSection, forServer: false);
        if (problems.Count > 0)
        {
            throw new TlsCertificateException("the CLI's TLS settings (--tls-cert, --tls-key, --tls-ca, or Cluster:Tls in the config file) have problems:" +
                                              Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems));
        }

        return ClusterTlsCredentials.Load(options, TlsSection);
    }

    private async Task<IClusterConnection> ConnectAsync(string? cluster, ClusterTlsCredentials tls, CancellationToken cancellationToken)
    {
        var (text, source) = cluster is { Length: > 0 } ? (cluster, "--cluster")
            : Environment.GetEnvironmentVariable("BLORA_CLUSTER") is { Length: > 0 } env ? (env, "BLORA_CLUSTER")
            : configuration["Cluster:Gateway"] is { Length: > 0 } fromFile ? (fromFile, "the config file's Cluster:Gateway")
            : (DefaultGateway, "the default");
        var gateways = ParseGateways(text, source);
        var timeout = TimeSpan.FromSeconds(double.TryParse(configuration["Cluster:ConnectTimeoutSeconds"], out var s) ? s : 15);
        var deadline = DateTimeOffset.UtcNow + timeout;
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .UseOrleansClient(client =>
            {
                client.UseStaticClustering(gateways.ToArray());
                // The CLI's root span and the cluster's spans form one trace.
                client.AddActivityPropagation();
                client.UseClusterTls(tls);
                client.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = configuration["Cluster:ClusterId"] ?? "blora";
                    o.ServiceId = configuration["Cluster:ServiceId"] ?? "blora";
                });
                client.UseConnectionRetryFilter(async (exception, token) =>
                {
                    if (DateTimeOffset.UtcNow > deadline)
                    {
                        return false;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), token);
                    return true;
                });
            })
            .Build();
        var description = string.Join(",", gateways);
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            host.Dispose();
            throw new ClusterUnavailableException(
                $"no cluster answered at {description} (from {source}) within {timeout.TotalSeconds:0} s: {e.Message}" + Environment.NewLine +
                "  start a local one with `./blora dev` (or use `./blora demo`), or point at yours with --cluster HOST:PORT, BLORA_CLUSTER, or Cluster:Gateway in ~/.config/blora/config.json." +
                Environment.NewLine + (tls.Mode == TlsMode.None
                    ? "  if the cluster uses TLS, connect with --tls-ca CA.pem (and --tls-cert CLIENT.pfx under mutual TLS), or set Cluster:Tls in the config file."
                    : $"  this client used {tls.Mode}: check that the silos' certificates chain to the CA given (--tls-ca / {TlsSection}:TrustedCaPath) and that the cluster trusts this client's certificate (--tls-cert)."), e);
        }

        return new Connection(host, description);
    }

    internal static List<IPEndPoint> ParseGateways(string text, string source)
    {
        var endpoints = new List<IPEndPoint>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = part.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(part.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)
            {
                throw new ClusterAddressException($"{source}: '{part}' is not HOST:PORT with a port in 1-65535 (e.g. 127.0.0.1:30000).");
            }

            var host = part[..colon];
            var address = IPAddress.TryParse(host, out var ip) ? ip : Resolve(host, source);
            endpoints.Add(new IPEndPoint(address, port));
        }

        return endpoints.Count > 0 ? endpoints : throw new ClusterAddressException($"{source}: no gateway given; use HOST:PORT[,HOST:PORT] (e.g. 127.0.0.1:30000).");
    }

    private static IPAddress Resolve(string host, string source)
    {
        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                   ?? throw new ClusterUnavailableException($"{source}: host '{host}' has no IPv4 address.");
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ClusterUnavailableException($"{source}: host '{host}' does not resolve ({e.Message}).", e);
        }
    }

    private sealed class Connection(IHost host, string description) : IClusterConnection
    {
        public IClusterClient Client => host.Services.GetRequiredService<IClusterClient>();

        public string Description => description;

        public async ValueTask DisposeAsync()
        {
            try
            {
                await host.StopAsync(TimeSpan.FromSeconds(2));
            }
            finally
            {
                host.Dispose();
            }
        }
    }
}
