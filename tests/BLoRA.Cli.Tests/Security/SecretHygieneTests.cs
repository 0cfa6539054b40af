using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Sas;
using BLoRA.Cli.Infrastructure;
using BLoRA.Hosting;
using BLoRA.Hosting.Security;
using BLoRA.Storage;
using Microsoft.Extensions.Configuration;
using Spectre.Console.Testing;

using BLoRA.Tests.Shared;

namespace BLoRA.Cli.Tests.Security;

/// <summary>
/// No secret reaches logs, traces, the CLI's output or artifacts: a silo on Azurite (clustering, grain state and
/// reminders through a connection string with the account key; artifacts through a SAS URI) under mutual TLS
/// (a password-protected certificate) runs a sweep submitted by the CLI, then the CLI reads, exports and a
/// local trial trains; every log record, activity, Azure SDK event, console line, exported file and blob is scanned.
/// </summary>
public sealed class SecretHygieneTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("blora-secrets-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public async Task No_key_password_or_signature_reaches_logs_traces_output_or_artifacts()
    {
        var azurite = await AzuriteProbe.RequireAsync();
        var accountKey = AccountKey(azurite);
        var password = "cert-pw-" + Guid.NewGuid().ToString("N");
        var container = "secrets-" + Guid.NewGuid().ToString("N")[..12];
        var sas = new BlobServiceClient(azurite).GenerateAccountSasUri(AccountSasPermissions.All, DateTimeOffset.UtcNow.AddHours(2), AccountSasResourceTypes.All);
        var signature = System.Web.HttpUtility.ParseQueryString(sas.Query)["sig"]!;
        string[] secrets = [accountKey, password, signature, Uri.EscapeDataString(signature), "AccountKey="];

        using var ca = new TestCertificates(dir, "secrets");
        var clusterId = "sec-" + Guid.NewGuid().ToString("N")[..12];
        var sweep = clusterId; // grain state blobs are named by grain id alone: a fresh sweep id per run
        var settings = SiloProcess.Settings(clusterId, azurite, "Dev", dir, new Dictionary<string, string?>
        {
            ["BLoRA:Silo:Storage"] = "AzureStorage",
            ["BLoRA:Silo:StorageConnectionString"] = azurite,
            ["BLoRA:Artifacts:Kind"] = "AzureBlob",
            ["BLoRA:Artifacts:LocalDirectory"] = null,
            ["BLoRA:Artifacts:ServiceUri"] = sas.ToString(),
            ["BLoRA:Artifacts:ContainerName"] = container,
            ["BLoRA:Tls:Mode"] = "MutualTls",
            ["BLoRA:Tls:CertificatePath"] = ca.IssuePfx("silo", password),
            ["BLoRA:Tls:CertificatePassword"] = password,
            ["BLoRA:Tls:TrustedCaPath"] = ca.CaPemPath,
        });
        var clientPfx = ca.IssuePfx("client", password);
        var gateway = "127.0.0.1:" + settings["BLoRA:Silo:GatewayPort"];

        var outputs = new List<(string Where, string Text)>();
        using (var capture = new TelemetryCapture())
        {
            var silo = SiloProcess.Build(settings, capture);
            await silo.StartAsync();
            try
            {
                var cli = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Cluster:ClusterId"] = clusterId,
                    ["Cluster:ServiceId"] = clusterId,
                    // Every call here connects (or fails before connecting): room for a loaded CI machine.
                    ["Cluster:ConnectTimeoutSeconds"] = "30",
                    ["Cluster:Tls:CertificatePassword"] = password,
                    ["BLoRA:Artifacts:Kind"] = "AzureBlob",
                    ["BLoRA:Artifacts:ServiceUri"] = sas.ToString(),
                    ["BLoRA:Artifacts:ContainerName"] = container,
                }).Build();
                var tls = new[] { "--cluster", gateway, "--tls-cert", clientPfx, "--tls-ca", ca.CaPemPath };
                var spec = Path.Combine(dir, "secrets.yaml");
                await File.WriteAllTextAsync(spec, $"name: {sweep}\nmodel: tiny\ntask: synthetic\noptions:\n  maxTrainExamples: 64\n  maxEvalExamples: 32\n  maxSteps: 4\n  batchSize: 16\ngrid:\n  priorStrength: [0.1, 30]\nmaxConcurrentTrials: 1\n");
                var export = Path.Combine(dir, "export");
                var trial = Path.Combine(dir, "trial");
                (string[] Args, int Exit)[] commands =
                [
                    (["sweep", "submit", spec, "--wait", .. tls], 0),
                    (["sweep", "status", sweep, .. tls], 0),
                    (["sweep", "status", sweep, "--json", .. tls], 0),
                    (["sweep", "list", .. tls], 0),
                    (["cluster", "status", .. tls], 0),
                    (["sweep", "export", sweep, export, .. tls], 0),
                    (["sweep", "list", "--cluster", gateway, "--tls-cert", clientPfx, "--tls-key", Path.Combine(dir, "missing.key.pem")], 2),
                    (["train", "--model", "tiny", "--task", "synthetic", "--max-steps", "4", "--max-train-examples", "64", "--out", trial, "--json"], 0),
                    (["doctor", "--json"], 0),
                ];
                foreach (var (args, exit) in commands)
                {
                    var console = new TestConsole().Width(250);
                    var code = await CliApp.Create(console, cli).RunAsync(args);
                    Assert.True(code == exit, $"blora {string.Join(' ', args)}: exit {code}\n{console.Output}");
                    outputs.Add(($"`blora {string.Join(' ', args.Take(3))}`", console.Output));
                }

                // A wrong password and an unreadable certificate: the errors name the key, not the secret.
                var wrong = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Cluster:Tls:CertificatePassword"] = password + "x" }).Build();
                var wrongConsole = new TestConsole().Width(250);
                Assert.Equal(2, await CliApp.Create(wrongConsole, wrong).RunAsync(["sweep", "list", .. tls]));
                Assert.Contains("check Cluster:Tls:CertificatePassword", wrongConsole.Output, StringComparison.Ordinal);
                outputs.Add(("wrong password", wrongConsole.Output));

                outputs.Add(("options", $"{new SiloHostOptions { StorageConnectionString = azurite, ClusteringConnectionString = azurite }} " +
                                        $"{new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob, ServiceUri = sas }} {new ClusterTlsOptions { CertificatePassword = password }}"));
                Assert.True(Directory.EnumerateFiles(Path.Combine(export, "artifacts"), "*", SearchOption.AllDirectories).Count() >= 4, "the export copied the sweep's artifacts");
            }
            finally
            {
                await silo.StopAsync();
                await silo.DisposeAsync();
            }

            outputs.AddRange(capture.Logs.Select(l => ("log", l)));
            outputs.AddRange(capture.Activities.Select(a => ("activity", a)));
            outputs.AddRange(capture.Events.Select(e => ("Azure SDK event", e)));
            Assert.True(capture.Logs.Count > 100, $"{capture.Logs.Count} log records captured");
            Assert.True(capture.Activities.Count > 20, $"{capture.Activities.Count} activities captured");
            Assert.Contains(capture.Logs, l => l.Contains("Orleans", StringComparison.Ordinal) && l.Contains("Information", StringComparison.Ordinal));
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".pfx", StringComparison.Ordinal)))
        {
            outputs.Add((file, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file))));
        }

        var blobs = 0;
        var service = new BlobServiceClient(azurite);
        foreach (var name in new[] { container, "blora-grains" })
        {
            await foreach (var blob in service.GetBlobContainerClient(name).GetBlobsAsync())
            {
                if (name == "blora-grains" && !blob.Name.Contains(sweep, StringComparison.Ordinal))
                {
                    continue;
                }

                var content = await service.GetBlobContainerClient(name).GetBlobClient(blob.Name).DownloadContentAsync();
                outputs.Add(($"blob {name}/{blob.Name}", Encoding.Latin1.GetString(content.Value.Content.ToArray())));
                blobs++;
            }
        }

        Assert.True(blobs >= 6, $"{blobs} blobs (artifacts and grain state) scanned");
        Assert.NotEmpty(SecretScanner.Find([("self-check", $"x {password} y")], secrets));
        var leaks = SecretScanner.Find(outputs, secrets);

        Assert.True(leaks.Count == 0, $"{outputs.Count} outputs scanned; secrets found in:\n" + string.Join("\n", leaks.Take(20)));
    }

    private static string AccountKey(string connectionString)
    {
        var key = connectionString.Split(';').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == "AccountKey")?[1];
        // UseDevelopmentStorage=true stands for Azurite's well-known key.
        return key ?? "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    }
}
