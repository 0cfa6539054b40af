using BLoRA.Grains.Hosting;
using BLoRA.Hosting.Security;
using BLoRA.Runner;
using BLoRA.Storage;
using Microsoft.Extensions.Configuration;

namespace BLoRA.Hosting;

/// <summary>
/// Every option set a silo reads from configuration (<c>BLoRA:Silo</c>, <c>BLoRA:Cluster</c>, <c>BLoRA:Runner</c>,
/// <c>BLoRA:Artifacts</c>, <c>BLoRA:Tls</c>), bound the one way the silo binds them, with every problem of all of them.
/// Deployment manifests are tested through this too.
/// </summary>
public sealed record SiloSettings(SiloHostOptions Host, SweepClusterOptions Cluster, RunnerOptions Runner, ArtifactStoreOptions Artifacts, ClusterTlsOptions Tls)
{
    /// <summary>Binds the five sections (defaults where a section is absent).</summary>
    /// <exception cref="InvalidOperationException">A value cannot be converted (e.g. a role that is not a role).</exception>
    public static SiloSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new SiloSettings(
            configuration.GetSection(SiloHostOptions.SectionName).Get<SiloHostOptions>() ?? new SiloHostOptions(),
            configuration.GetSection(SweepClusterOptions.SectionName).Get<SweepClusterOptions>() ?? new SweepClusterOptions(),
            configuration.GetSection(RunnerOptions.SectionName).Get<RunnerOptions>() ?? new RunnerOptions(),
            configuration.GetSection(ArtifactStoreOptions.SectionName).Get<ArtifactStoreOptions>() ?? new ArtifactStoreOptions(),
            configuration.GetSection(ClusterTlsOptions.SectionName).Get<ClusterTlsOptions>() ?? new ClusterTlsOptions());
    }

    /// <summary>Every problem, each naming the key to set; the runner's only on silos that run trials.</summary>
    public IReadOnlyList<string> Problems() =>
        SiloHostOptionsValidator.Problems(Host, Tls)
            .Concat(SweepClusterOptionsValidator.Problems(Cluster))
            .Concat(ArtifactStoreOptionsValidator.Problems(Artifacts))
            .Concat(Cluster.RunsTrials ? Runner.Validate() : [])
            .ToList();
}
