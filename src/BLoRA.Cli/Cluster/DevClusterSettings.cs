namespace BLoRA.Cli.Cluster;

/// <summary>
/// A single-silo dev cluster on this machine: both roles, localhost clustering, local artifacts, and
/// in-memory grain state unless <see cref="StorageConnectionString"/> names Azure storage (Azurite).
/// </summary>
internal sealed record DevClusterSettings
{
    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    public int DashboardPort { get; init; } = 8080;

    public bool Dashboard { get; init; } = true;

    public int Slots { get; init; } = 1;

    public string Device { get; init; } = "cpu";

    public string ArtifactsDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, ".blora", "artifacts");

    /// <summary>Azure storage (e.g. Azurite's <c>UseDevelopmentStorage=true</c>) for grain state and reminders, so sweeps survive a restart; null: in memory.</summary>
    public string? StorageConnectionString { get; init; }

    /// <summary>Quieter logs (the demo draws its own progress).</summary>
    public bool Quiet { get; init; }
}
