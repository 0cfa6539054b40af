using k8s;
using k8s.Models;
using BLoRA.Deploy.Tests.Infrastructure;

namespace BLoRA.Deploy.Tests.Kubernetes;

/// <summary>The k8s/ manifests: files loaded strictly with KubernetesClient, and kustomize's rendering of base and overlays.</summary>
internal static class Manifests
{
    public const string Root = "k8s";

    /// <summary>A valid-looking Azure Storage connection string standing in for the Secret blora-azure.</summary>
    public const string SecretConnectionString = "DefaultEndpointsProtocol=https;AccountName=blora;AccountKey=a2V5;EndpointSuffix=core.windows.net";

    public const string PodIp = "10.244.3.17";

    /// <summary>The keys of the Secret blora-azure (k8s/README.md): the silo's connection-string variables.</summary>
    public static readonly IReadOnlyList<string> SecretKeys = ["BLoRA__Silo__ClusteringConnectionString", "BLoRA__Silo__StorageConnectionString", "BLoRA__Artifacts__ConnectionString"];

    private static readonly Dictionary<string, IReadOnlyList<object>> Rendered = new(StringComparer.Ordinal);

    /// <summary>Every YAML file under k8s/ that is a Kubernetes object (manifests and patches), relative to the repository.</summary>
    public static IReadOnlyList<string> ObjectFiles() =>
        Directory.GetFiles(Repo.Path(Root), "*.yaml", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "kustomization.yaml")
            .Select(f => Path.GetRelativePath(Repo.Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>Folders with a kustomization.yaml (buildable ones and components).</summary>
    public static IReadOnlyList<string> Kustomizations() =>
        Directory.GetFiles(Repo.Path(Root), "kustomization.yaml", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repo.Root, Path.GetDirectoryName(f)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();

    public static IReadOnlyList<object> LoadStrict(string yaml) => KubernetesYaml.LoadAllFromString(yaml, strict: true);

    /// <summary>`kustomize build` of a kustomization folder (k8s/base, k8s/overlays/gpu, ...), loaded strictly.</summary>
    public static IReadOnlyList<object> Render(string folder)
    {
        lock (Rendered)
        {
            if (!Rendered.TryGetValue(folder, out var objects))
            {
                var result = Processes.Run(DeployTools.Instance.Kustomize, ["build", Repo.Path(folder)]);
                Assert.True(result.ExitCode == 0, result.Describe($"kustomize build {folder}"));
                Rendered[folder] = objects = LoadStrict(result.StdOut);
            }

            return objects;
        }
    }

    /// <summary>
    /// The container's environment as the kubelet builds it: envFrom ConfigMaps first, then env in order, with
    /// fieldRefs from the downward API filled in, secrets from <paramref name="secrets"/> (null: absent), and
    /// $(VAR) references expanded. A required secret that is absent throws: the pod would not start.
    /// </summary>
    public static Dictionary<string, string?> Environment(V1Container container, IReadOnlyList<object> objects, bool secrets, string podName = "blora-silo-5f7d8-x2x9q", string ns = "blora")
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var from in container.EnvFrom ?? [])
        {
            if (from.SecretRef is { } secretRef)
            {
                // The Secret blora-azure as k8s/README.md creates it: one key per connection-string variable.
                if (secrets)
                {
                    foreach (var key in SecretKeys)
                    {
                        env[key] = SecretConnectionString;
                    }
                }
                else if (secretRef.Optional != true)
                {
                    throw new InvalidOperationException($"the secret {secretRef.Name} is required");
                }

                continue;
            }

            var map = objects.OfType<V1ConfigMap>().Single(m => m.Metadata.Name == from.ConfigMapRef.Name);
            foreach (var (k, v) in map.Data)
            {
                env[k] = v;
            }
        }

        foreach (var e in container.Env ?? [])
        {
            string? value;
            if (e.ValueFrom?.FieldRef is { } field)
            {
                value = field.FieldPath switch
                {
                    "status.podIP" => PodIp,
                    "metadata.name" => podName,
                    "metadata.namespace" => ns,
                    _ => throw new InvalidOperationException($"{e.Name}: no sample value for fieldRef {field.FieldPath}"),
                };
            }
            else if (e.ValueFrom?.SecretKeyRef is { } secret)
            {
                value = secrets ? SecretConnectionString : secret.Optional == true ? null : throw new InvalidOperationException($"{e.Name}: the secret {secret.Name} is required");
            }
            else
            {
                value = Expand(e.Value ?? "", env);
            }

            if (value is null)
            {
                env.Remove(e.Name);
            }
            else
            {
                env[e.Name] = value;
            }
        }

        return env;
    }

    private static string Expand(string value, Dictionary<string, string?> env)
    {
        foreach (var (k, v) in env)
        {
            value = value.Replace($"$({k})", v ?? "", StringComparison.Ordinal);
        }

        return value;
    }
    /// <summary>
    /// The files a container reads from a mounted Secret, as the kubelet would provide them: every setting
    /// whose value is a path under a Secret volume's mount is pointed at a file of that name in a scratch
    /// folder (the test checks the path names one of <paramref name="allowedKeys"/> of the Secret).
    /// </summary>
    public static Dictionary<string, string?> WithSecretFiles(Dictionary<string, string?> env, V1PodSpec pod, V1Container container, IReadOnlyCollection<string> allowedKeys)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(pod);
        ArgumentNullException.ThrowIfNull(container);
        var secretMounts = (container.VolumeMounts ?? [])
            .Where(m => pod.Volumes.Single(v => v.Name == m.Name).Secret is not null)
            .ToList();
        var root = Directory.CreateTempSubdirectory("blora-secret-mounts-").FullName;
        var result = new Dictionary<string, string?>(env, StringComparer.Ordinal);
        foreach (var (key, value) in env)
        {
            if (value is null || secretMounts.FirstOrDefault(m => value.StartsWith(m.MountPath.TrimEnd('/') + "/", StringComparison.Ordinal)) is not { } mount)
            {
                continue;
            }

            var name = value[(mount.MountPath.TrimEnd('/').Length + 1)..];
            if (!allowedKeys.Contains(name))
            {
                throw new InvalidOperationException($"{key}={value}: {name} is not a key of the mounted Secret (expected one of {string.Join(", ", allowedKeys)})");
            }

            var local = Path.Combine(root, mount.Name, name);
            Directory.CreateDirectory(Path.GetDirectoryName(local)!);
            File.WriteAllText(local, "");
            result[key] = local;
        }

        return result;
    }
}
