using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using BLoRA.Deploy.Tests.Infrastructure;

namespace BLoRA.Deploy.Tests.Dashboards;

/// <summary>
/// A real Prometheus (Debian's 2.42, from scripts/deploy-tools.sh) over the synthetic hour of telemetry:
/// the OpenMetrics text becomes TSDB blocks (`promtool tsdb create-blocks-from openmetrics`), Prometheus
/// serves them on a free loopback port, and the dashboards' queries run through its HTTP API.
/// One per test class (xunit class fixture); stopped and deleted on dispose.
/// </summary>
public sealed class PrometheusServer : IDisposable
{
    private readonly string directory;
    private readonly Process process;
    private readonly HttpClient http;

    public PrometheusServer()
    {
        var tools = DeployTools.Instance;
        directory = Directory.CreateTempSubdirectory("blora-prometheus-").FullName;
        var input = Path.Combine(directory, "synthetic.om");
        File.WriteAllText(input, SyntheticTelemetry.OpenMetrics());
        var data = Path.Combine(directory, "data");
        var blocks = Processes.Run(tools.Promtool, ["tsdb", "create-blocks-from", "openmetrics", input, data], directory);
        if (blocks.ExitCode != 0)
        {
            throw new InvalidOperationException(blocks.Describe("promtool tsdb create-blocks-from openmetrics"));
        }

        var config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, "global:\n  scrape_interval: 1h\n");
        var port = FreePort();
        var info = new ProcessStartInfo(tools.Prometheus)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var a in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port}",
                     "--storage.tsdb.retention.time=100y", "--query.lookback-delta=1m",
                 })
        {
            info.ArgumentList.Add(a);
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("prometheus did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
        WaitReady();
    }

    /// <summary>First and last second of the synthetic data (Unix time).</summary>
    public static long From => SyntheticTelemetry.Start;

    public static long To => SyntheticTelemetry.Start + SyntheticTelemetry.Duration;

    /// <summary>A range query over the whole synthetic hour.</summary>
    public IReadOnlyList<QuerySeries> QueryRange(string expr, int stepSeconds = 60) =>
        Parse(Get($"api/v1/query_range?query={Uri.EscapeDataString(expr)}&start={From}&end={To}&step={stepSeconds}"));

    /// <summary>An instant query at the end of the synthetic hour.</summary>
    public IReadOnlyList<QuerySeries> Query(string expr) =>
        Parse(Get($"api/v1/query?query={Uri.EscapeDataString(expr)}&time={To}"));

    public void Dispose()
    {
        http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        finally
        {
            process.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    private JsonElement Get(string path)
    {
        using var response = http.GetAsync(new Uri(path, UriKind.Relative)).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"prometheus answered {(int)response.StatusCode} to {path}: {body}");
        }

        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("data").Clone();
    }

    private static List<QuerySeries> Parse(JsonElement data)
    {
        var series = new List<QuerySeries>();
        foreach (var item in data.GetProperty("result").EnumerateArray())
        {
            var labels = item.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);
            var points = new List<(long, double)>();
            if (item.TryGetProperty("values", out var values))
            {
                points.AddRange(values.EnumerateArray().Select(Point));
            }
            else if (item.TryGetProperty("value", out var value))
            {
                points.Add(Point(value));
            }

            series.Add(new QuerySeries(labels, points));
        }

        return series;
    }

    private static (long, double) Point(JsonElement pair) =>
        ((long)pair[0].GetDouble(), double.Parse(pair[1].GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture));

    private void WaitReady()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with {process.ExitCode} before it was ready");
            }

            try
            {
                using var r = http.GetAsync(new Uri("-/ready", UriKind.Relative)).GetAwaiter().GetResult();
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Thread.Sleep(100);
        }

        throw new TimeoutException("prometheus was not ready within 60 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
