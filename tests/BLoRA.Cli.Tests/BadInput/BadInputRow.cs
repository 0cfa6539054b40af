namespace BLoRA.Cli.Tests.BadInput;

/// <summary>
/// One malformed input: what it is (for the table in docs/reliability.md), the CLI commands that
/// present it, the exit code of the last command and the substrings its output must contain (the problem and
/// the fix or the path). <see cref="CreatesSweep"/>: the input passes the CLI's checks and is refused on the
/// worker, so a new (failed) sweep is expected; every other row must leave the cluster's sweeps as they were.
/// </summary>
internal sealed record BadInputRow(
    string Name,
    string Input,
    int ExitCode,
    string[] Expected,
    Func<BadInputContext, string[][]> Commands,
    bool CreatesSweep = false,
    bool RealGateway = false)
{
    public override string ToString() => Name;
}
