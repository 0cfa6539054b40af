using BLoRA.Deploy.Tests.Infrastructure;
using BLoRA.Hosting;
using k8s;
using k8s.Models;

namespace BLoRA.Deploy.Tests.Kubernetes;

/// <summary>
/// k8s/: every manifest and patch loads strictly (KubernetesClient rejects unknown fields), every kustomization renders
/// with kustomize, and the rendered base and overlays keep the invariants: labels and selectors, silo settings that the
/// silo's own validators accept, downward-API endpoints, probes on /healthz, grace periods above the shutdown timeout,
/// GPU limits equal to the advertised slots, a PodDisruptionBudget per Deployment.
/// </summary>
public sealed class ManifestTests
{
    public static TheoryData<string> Files => new(Manifests.ObjectFiles());

    public static TheoryData<string> Renderings => new("k8s/base", "k8s/overlays/dev", "k8s/overlays/gpu", WorkloadIdentity);

    private const string WorkloadIdentity = "k8s/overlays/gpu-workload-identity";

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_manifest_and_patch_loads_strictly(string file)
    {
        var objects = Manifests.LoadStrict(Repo.Read(file));
        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.False(string.IsNullOrEmpty(((IKubernetesObject)o).Kind)));
    }

    [Fact]
    public void Strict_loading_rejects_a_misspelt_field()
    {
        var yaml = Repo.Read("k8s/base/silo-deployment.yaml").Replace("terminationGracePeriodSeconds:", "terminationGracePeriodSecond:", StringComparison.Ordinal);
        Assert.ThrowsAny<Exception>(() => Manifests.LoadStrict(yaml));
    }

    [Fact]
    public void Every_kustomization_renders_and_names_only_files_that_exist()
    {
        Assert.Equal(["k8s/base", "k8s/components/azure-workload-identity", "k8s/overlays/dev", "k8s/overlays/gpu", WorkloadIdentity], Manifests.Kustomizations());
        foreach (var folder in Manifests.Kustomizations())
        {
            var k = Yaml.LoadFile(folder + "/kustomization.yaml");
            var paths = k.Items("resources").Concat(k.Items("components")).Select(r => ((YamlDotNet.RepresentationModel.YamlScalarNode)r).Value!)
                .Concat(k.Items("patches").Select(p => p.Scalar("path")!));
            Assert.All(paths, p => Assert.True(File.Exists(Repo.Path($"{folder}/{p}")) || Directory.Exists(Repo.Path($"{folder}/{p}")), $"{folder}: {p} does not exist"));
            if (k.Scalar("kind") != "Component")
            {
                Assert.NotEmpty(Manifests.Render(folder));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Labels_and_selectors_tie_each_deployment_to_one_disruption_budget(string folder)
    {
        var objects = Manifests.Render(folder);
        Assert.All(objects.Cast<IKubernetesObject<V1ObjectMeta>>(), o => Assert.Equal("blora-cluster", o.Metadata.Labels?["app.kubernetes.io/part-of"]));
        var deployments = objects.OfType<V1Deployment>().ToList();
        Assert.NotEmpty(deployments);
        foreach (var d in deployments)
        {
            var podLabels = d.Spec.Template.Metadata.Labels;
            Assert.All(d.Spec.Selector.MatchLabels, kv => Assert.Equal(kv.Value, podLabels[kv.Key]));
            Assert.Equal("blora-cluster", podLabels["app.kubernetes.io/part-of"]);
            Assert.Equal(d.Metadata.Labels["app.kubernetes.io/component"], podLabels["app.kubernetes.io/component"]);
            var budgets = objects.OfType<V1PodDisruptionBudget>().Where(p => Selects(p.Spec.Selector.MatchLabels, podLabels)).ToList();
            var budget = Assert.Single(budgets);
            // maxUnavailable, not minAvailable = replicas, which would block every node drain.
            Assert.NotNull(budget.Spec.MaxUnavailable);
            Assert.Null(budget.Spec.MinAvailable);
        }

        foreach (var s in objects.OfType<V1Service>())
        {
            Assert.Single(deployments, d => Selects(s.Spec.Selector, d.Spec.Template.Metadata.Labels));
            Assert.All(s.Spec.Ports, p => Assert.Contains(deployments.SelectMany(d => d.Spec.Template.Spec.Containers).SelectMany(c => c.Ports), cp => cp.Name == p.TargetPort.Value));
        }
    }

    [Theory]
    [MemberData(nameof(Renderings))]
    public void Every_silo_container_has_valid_settings_explicit_endpoints_and_probes_it_can_answer(string folder)
    {
        var objects = Manifests.Render(folder);
        foreach (var d in objects.OfType<V1Deployment>())
        {
            var pod = d.Spec.Template.Spec;
            var container = Assert.Single(pod.Containers);
            var env = Manifests.WithSecretFiles(Manifests.Environment(container, objects, secrets: folder != WorkloadIdentity), pod, container, TlsSecretKeys);
            var settings = SiloEnvironment.Bind(env);
            Assert.True(settings.Problems().Count == 0, $"{folder} {d.Metadata.Name}: {string.Join("; ", settings.Problems())}");
            if (settings.Host.Clustering != ClusteringProvider.Localhost)
            {
                // Silos on several hosts: mutual TLS with the mounted Secret's files, never AllowInsecure.
                Assert.Equal(BLoRA.Hosting.Security.TlsMode.MutualTls, settings.Tls.Mode);
                Assert.False(settings.Tls.AllowInsecure);
            }

            // Orleans endpoints from the downward API, listening on every interface (no UseKubernetesHosting).
            var podIp = container.Env.Single(e => e.Name == "POD_IP");
            Assert.Equal("status.podIP", podIp.ValueFrom.FieldRef.FieldPath);
            Assert.Equal("$(POD_IP)", container.Env.Single(e => e.Name == "BLoRA__Silo__AdvertisedAddress").Value);
            Assert.Equal(Manifests.PodIp, settings.Host.AdvertisedAddress);
            Assert.Equal(settings.Host.SiloPort, Port(container, "silo"));
            Assert.Equal(settings.Host.GatewayPort, Port(container, "gateway"));

            // Probes hit /healthz on the HTTP port, which must listen beyond loopback for the kubelet to reach it.
            Assert.False(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(settings.Host.HttpAddress)), $"{d.Metadata.Name}: /healthz listens on {settings.Host.HttpAddress} only");
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                Assert.NotNull(probe);
                Assert.Equal("/healthz", probe.HttpGet.Path);
                Assert.Equal(settings.Host.DashboardPort, Port(container, probe.HttpGet.Port.Value));
            }

            // Graceful shutdown: the kubelet waits longer than the silo's own stop may take.
            Assert.True(pod.TerminationGracePeriodSeconds >= settings.Host.ShutdownTimeout.TotalSeconds + 10,
                $"{d.Metadata.Name}: terminationGracePeriodSeconds {pod.TerminationGracePeriodSeconds} must exceed BLoRA:Silo:ShutdownTimeout {settings.Host.ShutdownTimeout} by 10 s");

            // Telemetry to an OTLP endpoint, with the pod in the resource.
            Assert.True(Uri.TryCreate(env["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out _));
            Assert.Contains("k8s.pod.name=blora-silo-5f7d8-x2x9q", env["OTEL_RESOURCE_ATTRIBUTES"], StringComparison.Ordinal);

            // Non-root, read-only root filesystem with writable /tmp and scratch.
            Assert.True(pod.SecurityContext.RunAsNonRoot);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            var mounts = container.VolumeMounts.Select(m => m.MountPath).ToHashSet(StringComparer.Ordinal);
            Assert.Contains("/tmp", mounts);
            if (settings.Cluster.RunsTrials)
            {
                Assert.Contains(settings.Runner.ScratchDirectory, mounts);
            }

            if (settings.Artifacts.Kind == BLoRA.Storage.ArtifactStoreKind.Local)
            {
                Assert.Contains(settings.Artifacts.LocalDirectory!, mounts);
            }
        }
    }

    [Fact]
    public void The_dev_overlay_is_one_cpu_silo_that_needs_no_secret()
    {
        var objects = Manifests.Render("k8s/overlays/dev");
        var silo = Assert.Single(objects.OfType<V1Deployment>());
        Assert.Equal(1, silo.Spec.Replicas);
        Assert.Equal("Recreate", silo.Spec.Strategy.Type);
        var container = silo.Spec.Template.Spec.Containers.Single();
        var settings = SiloEnvironment.Bind(Manifests.Environment(container, objects, secrets: false, ns: "blora-dev"));
        Assert.Empty(settings.Problems());
        Assert.Equal(("Dev", "cpu", "cpu"), (settings.Cluster.Role.ToString(), settings.Cluster.Accelerator, settings.Runner.Device));
        Assert.Equal((ClusteringProvider.Localhost, GrainStorageProvider.Memory), (settings.Host.Clustering, settings.Host.Storage));
        Assert.DoesNotContain(objects.OfType<V1Deployment>().SelectMany(d => d.Spec.Template.Spec.Containers), c => c.Resources.Limits?.ContainsKey("nvidia.com/gpu") == true);
        Assert.All(objects.Cast<IKubernetesObject<V1ObjectMeta>>().Where(o => o is not V1Namespace), o => Assert.Equal("blora-dev", o.Metadata.NamespaceProperty));
    }

    [Fact]
    public void The_gpu_overlay_runs_cpu_coordinators_and_gpu_workers_with_one_gpu_per_advertised_slot()
    {
        var objects = Manifests.Render("k8s/overlays/gpu");
        var deployments = objects.OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name, StringComparer.Ordinal);
        Assert.Equal(["blora-gpu-worker", "blora-silo"], deployments.Keys.Order(StringComparer.Ordinal));

        var coordinator = deployments["blora-silo"];
        var c = coordinator.Spec.Template.Spec.Containers.Single();
        var coordinatorSettings = SiloEnvironment.Bind(Manifests.Environment(c, objects, secrets: true));
        Assert.Equal(BLoRA.Grains.Hosting.SiloRole.Coordinator, coordinatorSettings.Cluster.Role);
        Assert.True(c.Resources.Limits?.ContainsKey("nvidia.com/gpu") != true, "the coordinator asks for a GPU");
        Assert.Null(coordinator.Spec.Template.Spec.NodeSelector);
        Assert.True(coordinator.Spec.Replicas >= 2);

        var worker = deployments["blora-gpu-worker"];
        var pod = worker.Spec.Template.Spec;
        var w = pod.Containers.Single();
        var settings = SiloEnvironment.Bind(Manifests.Environment(w, objects, secrets: true));
        Assert.Equal(BLoRA.Grains.Hosting.SiloRole.Worker, settings.Cluster.Role);
        Assert.Equal("gpu", settings.Cluster.Accelerator);
        Assert.StartsWith("cuda", settings.Runner.Device, StringComparison.Ordinal);
        Assert.Equal((ClusteringProvider.AzureTable, GrainStorageProvider.AzureStorage), (settings.Host.Clustering, settings.Host.Storage));
        var gpus = int.Parse(w.Resources.Limits["nvidia.com/gpu"].ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(settings.Cluster.WorkerSlots, gpus);
        Assert.Equal(w.Resources.Limits["nvidia.com/gpu"], w.Resources.Requests["nvidia.com/gpu"]);
        Assert.Equal("true", pod.NodeSelector["nvidia.com/gpu.present"]);
        Assert.Contains(pod.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");
        Assert.Equal(0, worker.Spec.Strategy.RollingUpdate.MaxSurge.Value is { } s ? int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : -1);
        // Without the Secret (and without workload identity) a worker refuses to start and names the keys to set.
        var unconfigured = SiloEnvironment.Bind(Manifests.Environment(w, objects, secrets: false)).Problems();
        Assert.Contains(unconfigured, p => p.StartsWith("BLoRA:Silo:ClusteringConnectionString:", StringComparison.Ordinal));
        Assert.Contains(unconfigured, p => p.StartsWith("BLoRA:Silo:StorageConnectionString:", StringComparison.Ordinal));
        Assert.Equal("blora/gpu-worker", w.Image.Split(':')[0]);
        Assert.Equal("blora/silo", c.Image.Split(':')[0]);
    }

    [Fact]
    public void The_workload_identity_overlay_signs_in_without_a_secret()
    {
        var objects = Manifests.Render(WorkloadIdentity);
        var account = Assert.Single(objects.OfType<V1ServiceAccount>());
        Assert.True(Guid.TryParse(account.Metadata.Annotations["azure.workload.identity/client-id"], out _));
        foreach (var d in objects.OfType<V1Deployment>())
        {
            Assert.Equal("blora", d.Spec.Template.Spec.ServiceAccountName);
            Assert.Equal("true", d.Spec.Template.Metadata.Labels["azure.workload.identity/use"]);
            var container = d.Spec.Template.Spec.Containers.Single();
            var settings = SiloEnvironment.Bind(Manifests.WithSecretFiles(Manifests.Environment(container, objects, secrets: false), d.Spec.Template.Spec, container, TlsSecretKeys));
            Assert.Empty(settings.Problems());
            Assert.Null(settings.Host.ClusteringConnectionString);
            Assert.Equal("https", settings.Host.ClusteringServiceUri!.Scheme);
            Assert.NotNull(settings.Host.StorageBlobServiceUri);
            Assert.NotNull(settings.Host.StorageTableServiceUri);
            Assert.NotNull(settings.Artifacts.ServiceUri);
            // A leftover Secret would give both ways at once: the silo says so instead of picking one.
            var both = SiloEnvironment.Bind(Manifests.WithSecretFiles(Manifests.Environment(container, objects, secrets: true), d.Spec.Template.Spec, container, TlsSecretKeys)).Problems();
            Assert.Contains(both, p => p.StartsWith("BLoRA:Silo:ClusteringServiceUri:", StringComparison.Ordinal));
        }
    }

    /// <summary>The keys of the TLS Secret (cert-manager's layout) the silos mount at /etc/blora/tls.</summary>
    private static readonly string[] TlsSecretKeys = ["tls.crt", "tls.key", "ca.crt"];

    private static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static int Port(V1Container container, string name) => container.Ports.Single(p => p.Name == name).ContainerPort;
}
