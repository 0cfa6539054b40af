using System.ComponentModel;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Sweeps;

/// <summary>Commands about one sweep.</summary>
internal class SweepIdSettings : ClusterSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("The sweep id (its spec's id, else its name).")]
    public string SweepId { get; init; } = "";
}
