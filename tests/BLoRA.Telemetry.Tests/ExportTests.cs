using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using BLoRA.Cli.Cluster;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BLoRA.Telemetry.Tests;

/// <summary>OTLP export is on exactly when the standard OTEL_* variables say so, and off (nothing registered) otherwise.</summary>
public sealed partial class ExportTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Without_an_otel_variable_nothing_is_registered()
    {
        var services = new ServiceCollection();
        services.AddBLoRATelemetry(Config(), TelemetryNames.SiloService);

        Assert.Empty(services);
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
        Assert.Null(provider.GetService<LoggerProvider>());
        Assert.Null(ProcessTelemetry.Start(Config(), TelemetryExport.None, TelemetryNames.CliService, null));
    }

    [Theory]
    [InlineData("", "", "", "")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", "", "", "traces,metrics,logs")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=http://tempo:4318/v1/traces", "", "", "traces")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT=http://prometheus:4318/v1/metrics", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT=http://loki:4318/v1/logs", "", "metrics,logs")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", "OTEL_METRICS_EXPORTER=none", "", "traces,logs")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4317", "OTEL_SDK_DISABLED=true", "", "")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT= ", "OTEL_SERVICE_NAME=x", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc", "")]
    public void Each_signal_follows_the_standard_variables(string a, string b, string c, string expected)
    {
        var values = new[] { a, b, c }.Where(v => v.Length > 0).Select(v => v.Split('=', 2)).Select(v => (v[0], v[1])).ToArray();
        var export = TelemetryExport.FromConfiguration(Config(values));
        var on = new[] { ("traces", export.Traces), ("metrics", export.Metrics), ("logs", export.Logs) }.Where(s => s.Item2).Select(s => s.Item1);
        Assert.Equal(expected, string.Join(',', on));
    }

    [Fact]
    public async Task An_otlp_endpoint_exports_traces_metrics_and_logs_to_it()
    {
        using var collector = new Collector();
        var paths = await collector.RunHostAsync(
            ("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Address), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        Assert.Contains("/v1/traces", paths);
        Assert.Contains("/v1/metrics", paths);
        Assert.Contains("/v1/logs", paths);
        Assert.Equal(["traces", "metrics", "logs"], collector.Providers);
    }

    [Fact]
    public async Task A_signal_endpoint_exports_only_that_signal_there()
    {
        using var collector = new Collector();
        var paths = await collector.RunHostAsync(
            ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", collector.Address + "tempo/traces"), ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf"));

        Assert.Equal(["/tempo/traces"], paths.Distinct());
        Assert.Equal(["traces"], collector.Providers);
    }

    [Fact]
    public void The_cli_exports_its_traces_and_a_silo_in_its_process_leaves_traces_to_it()
    {
        using var collector = new Collector();
        var config = Config(("OTEL_EXPORTER_OTLP_ENDPOINT", collector.Address), ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));
        using (var cli = ProcessTelemetry.Start(config, TelemetryExport.FromConfiguration(config), TelemetryNames.CliService, null))
        {
            Assert.Same(cli, ProcessTelemetry.Current);
            var silo = new ServiceCollection().AddSingleton(config);
            silo.AddBLoRATelemetry(config, TelemetryNames.SiloService);
            using var provider = silo.BuildServiceProvider();
            Assert.Null(provider.GetService<TracerProvider>());
            Assert.NotNull(provider.GetService<MeterProvider>());
            using (BLoRAActivities.StartCliCommand("sweep list"))
            {
            }
        }

        Assert.Null(ProcessTelemetry.Current);
        // The span went out once, from the CLI's exporter; the silo sent only its metrics.
        Assert.Equal(["/v1/metrics", "/v1/traces"], collector.Paths.Order());
    }

    /// <summary>A loopback HTTP server that answers every OTLP/HTTP request with 200 and records its path.</summary>
    private sealed partial class Collector : IDisposable
    {
        private readonly HttpListener listener = new();
        private readonly ConcurrentQueue<string> paths = new();
        private readonly Task serving;

        public Collector()
        {
            Address = $"http://127.0.0.1:{DevCluster.FreePort()}/";
            listener.Prefixes.Add(Address);
            listener.Start();
            serving = Task.Run(ServeAsync);
        }

        public string Address { get; }

        public IReadOnlyList<string> Paths => [.. paths];

        /// <summary>The signals whose providers the last host had.</summary>
        public IReadOnlyList<string> Providers { get; private set; } = [];

        /// <summary>Runs a host with the silo's telemetry wiring under <paramref name="variables"/>, emits one span, metric and log, and stops it (which flushes).</summary>
        public async Task<List<string>> RunHostAsync(params (string Key, string Value)[] variables)
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(variables.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
            builder.Services.AddBLoRATelemetry(builder.Configuration, TelemetryNames.SiloService, "export-test");
            using (var host = builder.Build())
            {
                await host.StartAsync();
                Providers = [.. new[] { ("traces", host.Services.GetService<TracerProvider>() is not null), ("metrics", host.Services.GetService<MeterProvider>() is not null), ("logs", host.Services.GetService<LoggerProvider>() is not null) }.Where(p => p.Item2).Select(p => p.Item1)];
                using (BLoRAActivities.StartSweepSubmit("export-test"))
                {
                    TrialMetrics.Ended("export-test", TrialMetrics.Completed, Stopwatch.GetTimestamp());
                    LogExported(host.Services.GetRequiredService<ILogger<Collector>>(), "export-test");
                }

                await host.StopAsync();
            }

            // Disposing the host flushed every exporter, and each waited for its request's answer.
            return [.. paths];
        }

        public void Dispose()
        {
            listener.Stop();
            listener.Close();
            _ = serving.Exception;
        }

        private async Task ServeAsync()
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                paths.Enqueue(context.Request.Url!.AbsolutePath);
                await context.Request.InputStream.CopyToAsync(Stream.Null);
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "exported from {Sweep}")]
        private static partial void LogExported(ILogger logger, string sweep);
    }
}
