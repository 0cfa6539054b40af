using System.Globalization;
using System.Text.RegularExpressions;
using BLoRA.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace BLoRA.Deploy.Tests.Compose;

/// <summary>deploy/docker-compose.yml: valid for docker-compose 1.29 (Debian 12) and Compose v2, and its silos' settings valid.</summary>
public sealed partial class ComposeTests
{
    private const string File = "deploy/docker-compose.yml";
    private static readonly Lazy<YamlMappingNode> Resolved = new(() =>
    {
        // Compose v2 prints the file resolved: anchors merged, ${VAR:-default} filled in, durations normalised
        // (with the cpu profile, or its cpu-worker is left out).
        var result = Processes.Run(DeployTools.Instance.ComposeV2, ["-f", Repo.Path(File), "--profile", "cpu", "config"]);
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose config"));
        return Yaml.Load(result.StdOut);
    });

    private static readonly string[] Silos = ["coordinator", "gpu-worker", "cpu-worker"];

    [Fact]
    public void Docker_compose_1_29_validates_the_file()
    {
        var result = Processes.Run(DeployTools.Instance.ComposeV1, ["-f", Repo.Path(File), "config", "-q"]);
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose 1.29 config -q"));
    }

    [Fact]
    public void Docker_compose_2_validates_the_file()
    {
        var result = Processes.Run(DeployTools.Instance.ComposeV2, ["-f", Repo.Path(File), "config", "-q"]);
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose 2 config -q"));
    }

    [Fact]
    public void Docker_compose_1_29_rejects_service_gpus_so_its_validation_is_live()
    {
        var directory = Directory.CreateTempSubdirectory("blora-compose-").FullName;
        try
        {
            var broken = Path.Combine(directory, "docker-compose.yml");
            System.IO.File.WriteAllText(broken, "services:\n  w:\n    image: busybox\n    gpus: all\n");
            var result = Processes.Run(DeployTools.Instance.ComposeV1, ["-f", broken, "config", "-q"], directory);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("gpus", result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("coordinator", "Coordinator")]
    [InlineData("gpu-worker", "Worker")]
    [InlineData("cpu-worker", "Worker")]
    public void Each_silo_s_environment_binds_to_valid_silo_settings(string service, string role)
    {
        var settings = SiloEnvironment.Bind(Environment(service));
        Assert.Empty(settings.Problems());
        Assert.Equal(role, settings.Cluster.Role.ToString());
        Assert.Equal("AzureTable", settings.Host.Clustering.ToString());
        Assert.Equal("AzureStorage", settings.Host.Storage.ToString());
        Assert.Equal("AzureBlob", settings.Artifacts.Kind.ToString());
        Assert.False(settings.Host.Dashboard);
        foreach (var connection in new[] { settings.Host.ClusteringConnectionString, settings.Host.StorageConnectionString, settings.Artifacts.ConnectionString })
        {
            Assert.Contains("TableEndpoint=http://azurite:10002/", connection, StringComparison.Ordinal);
            Assert.Contains("BlobEndpoint=http://azurite:10000/", connection, StringComparison.Ordinal);
        }

        Assert.NotNull(Service("azurite"));
    }

    [Fact]
    public void Each_silo_may_stop_longer_than_its_shutdown_timeout()
    {
        foreach (var service in Silos)
        {
            var settings = SiloEnvironment.Bind(Environment(service));
            var grace = Duration(Service(service).Scalar("stop_grace_period") ?? "10s");
            Assert.True(grace >= settings.Host.ShutdownTimeout + TimeSpan.FromSeconds(10),
                $"{service}: stop_grace_period {grace} must exceed BLoRA:Silo:ShutdownTimeout {settings.Host.ShutdownTimeout} by 10 s or more");
        }
    }

    [Fact]
    public void The_gpu_worker_reserves_one_nvidia_gpu_per_advertised_slot_and_trains_on_cuda()
    {
        var worker = Service("gpu-worker");
        var device = worker.Get("deploy")!.Get("resources")!.Get("reservations")!.Items("devices").Single();
        Assert.Equal("nvidia", device.Scalar("driver"));
        Assert.Contains("gpu", device.Items("capabilities").Select(c => ((YamlScalarNode)c).Value));
        var gpus = device.Items("device_ids").Count();
        var settings = SiloEnvironment.Bind(Environment("gpu-worker"));
        Assert.Equal("gpu", settings.Cluster.Accelerator);
        Assert.Equal(gpus, settings.Cluster.WorkerSlots);
        Assert.Equal("cuda", settings.Runner.Device);
        Assert.Null(Service("coordinator").Get("deploy"));
        var cpu = SiloEnvironment.Bind(Environment("cpu-worker"));
        Assert.Equal(("cpu", "cpu"), (cpu.Cluster.Accelerator, cpu.Runner.Device));
    }

    [Fact]
    public void Silos_export_otlp_to_the_lgtm_service_and_the_builds_use_the_repository_dockerfiles()
    {
        var lgtmPorts = Service("lgtm").Items("ports").Select(p => p.Scalar("target")).ToList();
        Assert.Contains("3000", lgtmPorts);
        foreach (var service in Silos)
        {
            var endpoint = new Uri(Environment(service)["OTEL_EXPORTER_OTLP_ENDPOINT"]!);
            Assert.Equal("lgtm", endpoint.Host);
            Assert.Contains(endpoint.Port.ToString(CultureInfo.InvariantCulture), lgtmPorts);
        }

        foreach (var service in Silos)
        {
            var build = Service(service).Get("build")!;
            Assert.Equal(Repo.Root, Path.GetFullPath(build.Scalar("context")!));
            Assert.True(System.IO.File.Exists(Path.Combine(build.Scalar("context")!, build.Scalar("dockerfile")!)), $"{service}: {build.Scalar("dockerfile")} does not exist");
        }
    }

    private static YamlNode Service(string name) => Resolved.Value.Get("services")!.Get(name) ?? throw new InvalidOperationException($"no service {name}");

    private static Dictionary<string, string?> Environment(string service) =>
        Service(service).Entries("environment").ToDictionary(kv => kv.Key, kv => ((YamlScalarNode)kv.Value).Value, StringComparer.Ordinal);

    /// <summary>Compose durations: "45s", "2m30s", "1h".</summary>
    private static TimeSpan Duration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match m in DurationPart().Matches(text))
        {
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += m.Groups["u"].Value switch { "h" => TimeSpan.FromHours(n), "m" => TimeSpan.FromMinutes(n), "ms" => TimeSpan.FromMilliseconds(n), _ => TimeSpan.FromSeconds(n) };
        }

        return total;
    }

    [GeneratedRegex(@"(?<n>[0-9.]+)(?<u>ms|h|m|s)")]
    private static partial Regex DurationPart();
}
