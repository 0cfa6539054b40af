using BLoRA.Deploy.Tests.Infrastructure;
using BLoRA.Hosting;

namespace BLoRA.Deploy.Tests.Docker;

/// <summary>The silo images' Dockerfiles, parsed (no Docker engine here) and held to their invariants.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Files => new() { "deploy/docker/silo.Dockerfile", "deploy/docker/gpu-worker.Dockerfile" };

    [Theory]
    [MemberData(nameof(Files))]
    public void Builds_in_stages_and_runs_the_silo_as_a_non_root_user_with_a_healthz_check(string file)
    {
        var d = Dockerfile.Load(file);
        Assert.True(d.Stages.Count >= 3, $"{file}: {d.Stages.Count} stages");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:", d.In(0, "FROM").Single().Arguments, StringComparison.Ordinal);
        // USER in the final stage (a base stage of it counts too), never root.
        var final = d.FinalStage;
        var user = d.In(final, "USER").Concat(BaseStages(d, final).SelectMany(s => d.In(s, "USER"))).Select(u => u.Arguments).ToList();
        Assert.NotEmpty(user);
        Assert.All(user, u => Assert.DoesNotMatch("^(root|0)(:|$)", u));
        var healthcheck = Assert.Single(d.In(final, "HEALTHCHECK"));
        Assert.Contains("/healthz", healthcheck.Arguments, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", healthcheck.Arguments, StringComparison.Ordinal);
        Assert.Equal("[\"dotnet\", \"BLoRA.Silo.dll\"]", d.In(final, "ENTRYPOINT").Single().Arguments);
        var defaults = new SiloHostOptions();
        var exposed = d.In(final, "EXPOSE").SelectMany(e => e.Arguments.Split(' ')).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(new[] { defaults.SiloPort, defaults.GatewayPort, defaults.DashboardPort }.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal), exposed);
        Assert.Contains(d.In(final, "COPY"), c => c.Arguments == "--from=build /app ./");
        Assert.Contains(d.In(final, "ENV"), e => e.Arguments.Contains("BLORA_DATA_DIR=/opt/blora/data", StringComparison.Ordinal));
        Assert.Contains(d.In(final, "COPY"), c => c.Arguments == "--from=data /data /opt/blora/data");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Copies_only_what_exists_in_the_repository_and_the_build_context_keeps(string file)
    {
        var d = Dockerfile.Load(file);
        var ignored = Repo.Read(".dockerignore").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var sources = d.All("COPY").Where(c => !c.Arguments.StartsWith("--from=", StringComparison.Ordinal))
            .SelectMany(c => c.Arguments.Split(' ')[..^1]).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var path = Repo.Path(source.TrimEnd('/'));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{file}: COPY {source}: not in the repository");
            Assert.DoesNotContain(source.TrimEnd('/').Split('/')[0], ignored);
        }

        var publish = d.All("RUN").Single(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        var project = publish.Arguments.Split(' ').Single(w => w.EndsWith(".csproj", StringComparison.Ordinal));
        Assert.True(File.Exists(Repo.Path(project)), $"{file}: publishes {project}, which does not exist");
        Assert.Contains("-p:BLoRATorchBackend=", publish.Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void The_silo_image_ships_libtorch_cpu()
    {
        var d = Dockerfile.Load("deploy/docker/silo.Dockerfile");
        Assert.Contains("-p:BLoRATorchBackend=cpu", d.All("RUN").Single(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments, StringComparison.Ordinal);
    }

    [Fact]
    public void The_gpu_image_takes_cuda_libtorch_from_nuget_or_from_a_pytorch_install_by_the_LIBTORCH_argument()
    {
        var d = Dockerfile.Load("deploy/docker/gpu-worker.Dockerfile");
        Assert.Contains(d.All("ARG"), a => a.Stage == -1 && a.Arguments == "LIBTORCH=nuget");
        Assert.Equal("libtorch-${LIBTORCH} AS runtime", d.In(d.FinalStage, "FROM").Single().Arguments);
        Assert.True(d.StageNamed("libtorch-nuget") >= 0 && d.StageNamed("libtorch-pytorch") >= 0);
        var publish = d.All("RUN").Single(r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal)).Arguments;
        Assert.Contains("nuget) backend=cuda", publish, StringComparison.Ordinal);
        Assert.Contains("pytorch) backend=external", publish, StringComparison.Ordinal);
        Assert.Contains("\"-p:BLoRATorchBackend=$backend\"", publish, StringComparison.Ordinal);
        // The PyTorch way: the wheel's torch/lib is the libtorch the silo loads (BLORA_LIBTORCH_DIR), and its
        // version is the libtorch TorchSharp was built against.
        var pytorch = d.StageNamed("libtorch-pytorch");
        Assert.Contains(d.In(pytorch, "ENV"), e => e.Arguments == $"{BLoRA.Training.Runtime.TorchRuntimeOptions.LibTorchDirectoryEnvironmentVariable}=/opt/libtorch");
        Assert.Contains(d.In(pytorch, "RUN"), r => r.Arguments.Contains("ln -s", StringComparison.Ordinal) && r.Arguments.Contains("/opt/libtorch", StringComparison.Ordinal));
        var libtorch = System.Xml.Linq.XDocument.Load(Repo.Path("Directory.Packages.props")).Descendants("LibTorchVersion").Single().Value;
        var torch = d.All("ARG").Single(a => a.Stage == -1 && a.Arguments.StartsWith("TORCH_VERSION=", StringComparison.Ordinal)).Arguments["TORCH_VERSION=".Length..];
        Assert.Equal(string.Join('.', libtorch.Split('.')[..2]), string.Join('.', torch.Split('.')[..2]));
        // A GPU worker by default: the silo settings baked into the image describe one.
        var env = d.In(d.FinalStage, "ENV").Single(e => e.Arguments.Contains("BLoRA__", StringComparison.Ordinal)).Arguments.Split(' ')
            .Select(kv => kv.Split('=', 2)).Where(kv => kv.Length == 2 && kv[0].StartsWith("BLoRA__", StringComparison.Ordinal))
            .ToDictionary(kv => kv[0], kv => (string?)kv[1], StringComparer.Ordinal);
        var settings = SiloEnvironment.Bind(env);
        Assert.Equal(("Worker", "gpu", "cuda"), (settings.Cluster.Role.ToString(), settings.Cluster.Accelerator, settings.Runner.Device));
    }

    /// <summary>Stages the given stage is built FROM (by name, through build arguments' defaults: the gpu image's libtorch stages).</summary>
    private static IEnumerable<int> BaseStages(Dockerfile d, int stage)
    {
        var from = d.In(stage, "FROM").Single().Arguments.Split(' ')[0];
        return from.Contains("${", StringComparison.Ordinal)
            ? d.Stages.Select((name, i) => (name, i)).Where(s => s.name.Length > 0 && from.StartsWith(s.name.Split('-')[0], StringComparison.Ordinal) && s.i != stage).Select(s => s.i)
            : d.Stages.Select((name, i) => (name, i)).Where(s => s.name == from).Select(s => s.i);
    }
}
