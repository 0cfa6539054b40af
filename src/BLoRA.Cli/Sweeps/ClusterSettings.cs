using System.ComponentModel;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Sweeps;

/// <summary>Options every command that talks to a cluster takes.</summary>
internal class ClusterSettings : CommandSettings
{
    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Gateway(s) of the cluster (default: BLORA_CLUSTER, then Cluster:Gateway in the config file, then 127.0.0.1:30000).")]
    public string? Cluster { get; init; }

    [CommandOption("--json")]
    [Description("Print JSON instead of tables.")]
    public bool Json { get; init; }
}
