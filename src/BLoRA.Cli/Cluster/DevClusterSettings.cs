namespace BLoRA.Cli.Cluster;

/// <summary>A single-silo dev cluster on this machine: both roles, localhost clustering, in-memory grain state, local artifacts.</summary>
internal sealed record DevClusterSettings
{
    public int SiloPort { get; init; } = 11111;

    public int GatewayPort { get; init; } = 30000;

    public int DashboardPort { get; init; } = 8080;

    public bool Dashboard { get; init; } = true;

    public int Slots { get; init; } = 1;

    public string Device { get; init; } = "cpu";

    public string ArtifactsDirectory { get; init; } = Path.Combine(Environment.CurrentDirectory, ".blora", "artifacts");

    /// <summary>Quieter logs (the demo draws its own progress).</summary>
    public bool Quiet { get; init; }
}
