namespace BLoRA.Cli.Tests;

/// <summary>The outcome of one CLI process.</summary>
internal sealed record CliRun(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
