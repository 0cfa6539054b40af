using System.Diagnostics.Metrics;
using BLoRA.Telemetry.Tests.Infrastructure;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace BLoRA.Telemetry.Tests;

/// <summary>The metrics a sweep produces have exactly the contract's names, kinds, units and label keys, and sensible values.</summary>
[Collection(SweepRunGroup.Name)]
public sealed class MetricContractTests(SweepRunFixture run)
{
    private Dictionary<string, MetricSnapshot> Exported() =>
        run.Metrics.Where(m => m.Name.StartsWith("blora.", StringComparison.Ordinal))
            .GroupBy(m => m.Name).ToDictionary(g => g.Key, g => g.Last());

    private static string KindOf(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => "Counter",
        MetricType.Histogram => "Histogram",
        MetricType.LongGauge or MetricType.DoubleGauge => "Gauge",
        _ => type.ToString(),
    };

    private static IEnumerable<MetricPoint> Points(MetricSnapshot m) => m.MetricPoints;

    private static List<double> Bounds(MetricSnapshot histogram)
    {
        var bounds = new List<double>();
        foreach (var bucket in histogram.MetricPoints[0].GetHistogramBuckets())
        {
            bounds.Add(bucket.ExplicitBound);
        }

        return bounds;
    }

    private static Dictionary<string, object?> Tags(MetricPoint p)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var t in p.Tags)
        {
            tags[t.Key] = t.Value;
        }

        return tags;
    }

    [Fact]
    public void The_contract_table_converts_to_the_prometheus_names_the_dashboards_query()
    {
        foreach (var row in ContractInstrument.All)
        {
            Assert.Equal(row.Prometheus, ContractInstrument.PrometheusName(row.Name, row.Unit, row.Kind));
        }
    }

    [Fact]
    public void Every_instrument_of_the_meter_is_in_the_contract_with_its_unit_and_kind()
    {
        var published = new List<Instrument>();
        using (var listener = new MeterListener { InstrumentPublished = (i, _) => { if (i.Meter.Name == TelemetryNames.Source) { published.Add(i); } } })
        {
            listener.Start();
        }

        Assert.Equal(ContractInstrument.All.Select(r => r.Name).Order(), published.Select(i => i.Name).Order());
        foreach (var row in ContractInstrument.All)
        {
            var instrument = published.Single(i => i.Name == row.Name);
            Assert.Equal(row.Unit, instrument.Unit);
            var kind = instrument.GetType().Name.Split('`')[0];
            Assert.Equal(row.Kind, kind);
        }
    }

    [Fact]
    public void A_sweep_exports_every_non_gpu_metric_with_exactly_the_contract_label_keys()
    {
        Assert.True(run.ExitCode == 0, run.Output);
        var exported = Exported();
        foreach (var row in ContractInstrument.All.Where(r => !r.Name.StartsWith("blora.gpu.", StringComparison.Ordinal)))
        {
            Assert.True(exported.TryGetValue(row.Name, out var metric), $"{row.Name} was not exported");
            Assert.Equal(row.Unit, metric.Unit);
            Assert.Equal(row.Kind == "ObservableGauge" ? "Gauge" : row.Kind, KindOf(metric.MetricType));
            Assert.NotEmpty(Points(metric));
            Assert.All(Points(metric), p => Assert.Equal(row.Labels.Order(), Tags(p).Keys.Order()));
        }

        // A CPU worker reports no GPU series.
        Assert.DoesNotContain(exported.Keys, n => n.StartsWith("blora.gpu.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_values_add_up_to_what_the_sweep_did()
    {
        var exported = Exported();
        long Sum(string name) => Points(exported[name]).Sum(p => p.GetSumLong());
        long Gauge(string name, string key, string value) =>
            Points(exported[name]).Where(p => Equals(Tags(p)[key], value)).Sum(p => p.GetGaugeLastValueLong());

        Assert.Equal(SweepRunFixture.Trials * SweepRunFixture.StepsPerTrial, Sum(TelemetryNames.Instruments.TrainSteps));
        Assert.Equal(SweepRunFixture.Trials * SweepRunFixture.StepsPerTrial * SweepRunFixture.BatchSize, Sum(TelemetryNames.Instruments.TrainSamples));
        Assert.Equal(SweepRunFixture.Trials, Points(exported[TelemetryNames.Instruments.TrialsEnded]).Where(p => Equals(Tags(p)["state"], "Completed")).Sum(p => p.GetSumLong()));
        Assert.Equal(SweepRunFixture.Trials, Points(exported[TelemetryNames.Instruments.TrialDuration]).Sum(p => p.GetHistogramCount()));
        Assert.Equal(SweepRunFixture.Trials, Points(exported[TelemetryNames.Instruments.TrialFinalBops]).Sum(p => p.GetHistogramCount()));
        Assert.All(Points(exported[TelemetryNames.Instruments.TrainSteps]), p => Assert.Equal("cpu", Tags(p)["device"]));

        var sweep = Points(exported[TelemetryNames.Instruments.SweepTrials]).Where(p => Equals(Tags(p)["sweep"], SweepRunFixture.SweepId)).ToList();
        Assert.Equal(["Completed", "Failed", "Pending", "Running", "Stopped"], sweep.Select(p => (string)Tags(p)["state"]!).Order());
        Assert.Equal(SweepRunFixture.Trials, Gauge(TelemetryNames.Instruments.SweepTrials, "state", "Completed"));
        Assert.Equal(0, Gauge(TelemetryNames.Instruments.SweepQueueLength, "sweep", SweepRunFixture.SweepId));
        Assert.InRange(Gauge(TelemetryNames.Instruments.SweepFrontierSize, "sweep", SweepRunFixture.SweepId), 1, SweepRunFixture.Trials);
        Assert.Equal(2, Gauge(TelemetryNames.Instruments.WorkerSlotsTotal, "device", "cpu"));

        // Histograms use their own buckets (ratios in 0..1, bits up to 32, durations up to a day), not the SDK's default 0..10000.
        Assert.Equal([0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, double.PositiveInfinity], Bounds(exported[TelemetryNames.Instruments.TrialFinalBops]));
        Assert.Contains(86400, Bounds(exported[TelemetryNames.Instruments.TrialDuration]));
        Assert.Equal(32, Bounds(exported[TelemetryNames.Instruments.TrialFinalBits]).SkipLast(1).Max());

        var accuracy = Points(exported[TelemetryNames.Instruments.TrainMetric]).Where(p => Equals(Tags(p)["metric"], "accuracy")).ToList();
        Assert.Equal(SweepRunFixture.Trials, accuracy.Count);
        Assert.All(accuracy, p => Assert.InRange(p.GetGaugeLastValueDouble(), 0, 1));
        Assert.All(Points(exported[TelemetryNames.Instruments.TrainExpectedBops]), p => Assert.InRange(p.GetGaugeLastValueDouble(), 0, 1));
    }

    [Fact]
    public void A_cuda_worker_reports_gpu_memory_and_utilization_per_silo()
    {
        var collected = new LockedCollection<MetricSnapshot>();
        using var gauge = GpuGauge.Track("gpu-silo", () => new GpuSample(3L << 30, 0.75, 2));
        using (var metering = Sdk.CreateMeterProviderBuilder().AddBLoRAMeters().AddInMemoryExporter(collected).Build())
        {
            metering.ForceFlush();
        }

        var memory = collected.Snapshot().Last(m => m.Name == TelemetryNames.Instruments.GpuMemoryUsed);
        var point = Assert.Single(Points(memory), p => Equals(Tags(p)["silo"], "gpu-silo"));
        Assert.Equal(["device", "silo"], Tags(point).Keys.Order());
        Assert.Equal("cuda", Tags(point)["device"]);
        Assert.Equal(3L << 30, point.GetGaugeLastValueLong());
        var utilization = collected.Snapshot().Last(m => m.Name == TelemetryNames.Instruments.GpuUtilization);
        Assert.Equal(0.75, Assert.Single(Points(utilization), p => Equals(Tags(p)["silo"], "gpu-silo")).GetGaugeLastValueDouble());
    }
}
