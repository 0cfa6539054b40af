using System.Net;

namespace BLoRA.Hosting.Tests.Security;

/// <summary>The dashboard (no authentication) is served on loopback only unless explicitly allowed elsewhere.</summary>
public sealed class DashboardBindingTests
{
    [Fact]
    public void A_non_loopback_dashboard_address_is_refused_unless_explicitly_allowed()
    {
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { Dashboard = true, HttpAddress = "0.0.0.0" }),
            p => p.StartsWith("BLoRA:Silo:HttpAddress: the dashboard has no authentication and would be served on 0.0.0.0", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { HttpAddress = "everywhere" }),
            p => p.StartsWith("BLoRA:Silo:HttpAddress: 'everywhere' is not an IP address", StringComparison.Ordinal));
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions { Dashboard = true, HttpAddress = "0.0.0.0", AllowRemoteDashboard = true }));
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions { Dashboard = false, HttpAddress = "0.0.0.0" }));
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions { Dashboard = true, HttpAddress = "::1" }));
    }

    [Fact]
    public async Task A_silo_with_the_dashboard_listens_on_127_0_0_1_only()
    {
        var port = FreePort();
        await using var app = BLoRASiloHost.Build(
        [
            "--BLoRA:Cluster:Role=Coordinator",
            "--BLoRA:Silo:Dashboard=true",
            $"--BLoRA:Silo:DashboardPort={port}",
            $"--BLoRA:Silo:SiloPort={FreePort()}",
            $"--BLoRA:Silo:GatewayPort={FreePort()}",
            "--BLoRA:Artifacts:LocalDirectory=" + Path.GetTempPath(),
            "--Logging:LogLevel:Default=Warning",
        ]);
        await app.StartAsync();
        try
        {
            Assert.Equal([$"http://127.0.0.1:{port}"], app.Urls.ToArray());
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
