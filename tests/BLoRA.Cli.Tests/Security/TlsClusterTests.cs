using System.Globalization;
using System.Text.Json;
using BLoRA.Cli.Infrastructure;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

namespace BLoRA.Cli.Tests.Security;

/// <summary>Mutual TLS between the CLI and silos and between silos, through the real silo host and the CLI's gateway connection.</summary>
public sealed class TlsClusterTests(TlsClusterFixture cluster) : IClassFixture<TlsClusterFixture>
{
    /// <summary>Runs the CLI; calls that should connect get 30 s to do so (a loaded CI machine needs more than 3), refusals 3.</summary>
    private Task<(int ExitCode, string Output)> RunAsync(params string[] args) => RunAsync(30, args);

    private async Task<(int ExitCode, string Output)> RunAsync(int connectTimeoutSeconds, params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Cluster:ClusterId"] = cluster.ClusterId,
            ["Cluster:ServiceId"] = cluster.ClusterId,
            ["Cluster:ConnectTimeoutSeconds"] = connectTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["Cluster:Tls:CertificatePassword"] = TlsClusterFixture.Password,
        }).Build();
        var console = new TestConsole().Width(250);
        var code = await CliApp.Create(console, configuration).RunAsync(args);
        return (code, console.Output);
    }

    private string Spec(string id)
    {
        var path = Path.Combine(cluster.Directory, id + ".yaml");
        File.WriteAllText(path, $"""
            name: {id}
            model: tiny
            task: synthetic
            options:
              maxTrainExamples: 64
              maxEvalExamples: 32
              maxSteps: 4
              batchSize: 16
            grid:
              priorStrength: [0.1, 30]
            maxConcurrentTrials: 2
            """);
        return path;
    }

    [Fact]
    public async Task A_client_with_a_certificate_from_the_cluster_ca_runs_a_sweep_on_two_silos()
    {
        var (code, output) = await RunAsync("sweep", "submit", Spec("tls-ok"), "--wait", "--cluster", cluster.Gateway, "--tls-cert", cluster.ClientPfx, "--tls-ca", cluster.CaPem);
        Assert.True(code == 0, output);
        Assert.Contains("Completed", output, StringComparison.Ordinal);

        (code, output) = await RunAsync("cluster", "status", "--json", "--cluster", cluster.Gateway, "--tls-cert", cluster.ClientPfx, "--tls-ca", cluster.CaPem);
        Assert.True(code == 0, output);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("silos").GetArrayLength());
    }

    [Theory]
    [InlineData("no TLS at all", false, false)]
    [InlineData("TLS without a client certificate", true, false)]
    [InlineData("a client certificate from another CA", true, true)]
    public async Task A_client_the_cluster_does_not_trust_is_refused(string what, bool ca, bool foreignCertificate)
    {
        var args = new List<string> { "sweep", "list", "--cluster", cluster.Gateway };
        if (ca)
        {
            args.AddRange(["--tls-ca", cluster.CaPem]);
        }

        if (foreignCertificate)
        {
            args.AddRange(["--tls-cert", cluster.ForeignClientPfx]);
        }

        var (code, output) = await RunAsync(3, [.. args]);
        Assert.True(code == 4, $"{what}: {output}");
        Assert.Contains("no cluster answered", output, StringComparison.Ordinal);
        Assert.Contains(ca ? "this client used" : "if the cluster uses TLS", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_refuses_silos_whose_certificate_does_not_chain_to_its_ca()
    {
        var (code, output) = await RunAsync(3, "sweep", "list", "--cluster", cluster.Gateway, "--tls-cert", cluster.ClientPfx, "--tls-ca", cluster.ForeignCaPem);
        Assert.True(code == 4, output);
    }

    [Theory]
    [InlineData("without TLS")]
    [InlineData("with a certificate from another CA")]
    public async Task A_silo_the_cluster_does_not_trust_cannot_join(string what)
    {
        var tls = what == "without TLS"
            ? new Dictionary<string, string?> { ["BLoRA:Tls:Mode"] = "None", ["BLoRA:Tls:AllowInsecure"] = "true" }
            : TlsClusterFixture.MutualTls(cluster.ForeignSiloPfx, cluster.ForeignCaPem);
        var fatal = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var intruder = SiloProcess.Build(cluster.SiloSettings("Worker", tls), fatal: fatal, joinWithin: TimeSpan.FromSeconds(10));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var start = intruder.StartAsync(timeout.Token);
        try
        {
            // It cannot reach the silos it must join (so its start fails), or they vote it dead first; either way it never becomes active.
            var first = await Task.WhenAny(fatal.Task, start).WaitAsync(timeout.Token);
            Assert.False(start.IsCompletedSuccessfully, $"the silo {what} finished starting");
            var reason = first == fatal.Task ? await fatal.Task : start.Exception!.GetBaseException().Message;
            Assert.Matches("Dead|connect|join|timed out", reason);
        }
        finally
        {
            await timeout.CancelAsync();
            await Task.WhenAny(start, Task.Delay(TimeSpan.FromSeconds(10)));
            await ((IAsyncDisposable)intruder).DisposeAsync();
        }

        var (code, output) = await RunAsync("cluster", "status", "--json", "--cluster", cluster.Gateway, "--tls-cert", cluster.ClientPfx, "--tls-ca", cluster.CaPem);
        Assert.True(code == 0, output);
        Assert.Equal(2, JsonDocument.Parse(output).RootElement.GetProperty("silos").GetArrayLength());
    }
}
