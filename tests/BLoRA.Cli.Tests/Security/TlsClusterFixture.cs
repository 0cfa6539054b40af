using Microsoft.AspNetCore.Builder;

using BLoRA.Tests.Shared;

namespace BLoRA.Cli.Tests.Security;

/// <summary>
/// Two real silos (a dev silo and a worker) on Azurite table clustering with mutual TLS, their certificates
/// issued by a throwaway CA; a client certificate from the same CA, and a foreign CA with its own client certificate.
/// </summary>
public sealed class TlsClusterFixture : IAsyncLifetime
{
    public const string Password = "pfx-p@ss-7f3a9c";

    private readonly List<WebApplication> silos = [];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("blora-tls-").FullName;

    public string ClusterId { get; } = "tls-" + Guid.NewGuid().ToString("N")[..12];

    public string Azurite { get; private set; } = "";

    public string CaPem { get; private set; } = "";

    public string ClientPfx { get; private set; } = "";

    public string ForeignCaPem { get; private set; } = "";

    public string ForeignClientPfx { get; private set; } = "";

    internal string SiloPfx { get; private set; } = "";

    internal string ForeignSiloPfx { get; private set; } = "";

    public string Gateway { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProbe.RequireAsync();
        using (var ca = new TestCertificates(Directory, "cluster"))
        {
            CaPem = ca.CaPemPath;
            SiloPfx = ca.IssuePfx("silo", Password);
            ClientPfx = ca.IssuePfx("client", Password);
        }

        using (var foreign = new TestCertificates(Directory, "foreign"))
        {
            ForeignCaPem = foreign.CaPemPath;
            ForeignClientPfx = foreign.IssuePfx("foreign-client", Password);
            ForeignSiloPfx = foreign.IssuePfx("foreign-silo", Password);
        }

        foreach (var role in new[] { "Dev", "Worker" })
        {
            var settings = SiloSettings(role, MutualTls(SiloPfx, CaPem));
            var silo = SiloProcess.Build(settings);
            await silo.StartAsync();
            silos.Add(silo);
            if (role == "Dev")
            {
                Gateway = "127.0.0.1:" + settings["BLoRA:Silo:GatewayPort"];
            }
        }
    }

    /// <summary>Settings of one more silo of this cluster.</summary>
    internal Dictionary<string, string?> SiloSettings(string role, IReadOnlyDictionary<string, string?> tls) =>
        SiloProcess.Settings(ClusterId, Azurite, role, Directory, tls);

    internal static Dictionary<string, string?> MutualTls(string pfx, string ca) => new()
    {
        ["BLoRA:Tls:Mode"] = "MutualTls",
        ["BLoRA:Tls:CertificatePath"] = pfx,
        ["BLoRA:Tls:CertificatePassword"] = Password,
        ["BLoRA:Tls:TrustedCaPath"] = ca,
    };

    public async Task DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(silos))
        {
            await silo.StopAsync();
            await silo.DisposeAsync();
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
