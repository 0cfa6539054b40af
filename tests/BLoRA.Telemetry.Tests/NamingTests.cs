using BLoRA.Cli.Infrastructure;

namespace BLoRA.Telemetry.Tests;

/// <summary>Small pieces: the CLI span's name, Orleans' source names, nvidia-smi's output.</summary>
public sealed class NamingTests
{
    [Theory]
    [InlineData("sweep submit examples/s.yaml --wait", "submit", "sweep submit")]
    [InlineData("sweep status submit", "status", "sweep status")]
    [InlineData("train --model tiny --task synthetic", "train", "train")]
    [InlineData("cluster status --json", "status", "cluster status")]
    public void The_cli_span_is_named_after_the_command_words(string args, string name, string expected) =>
        Assert.Equal(expected, CommandSpanInterceptor.CommandPath(args.Split(' '), name));

    [Fact]
    public void The_orleans_names_we_subscribe_are_the_ones_orleans_emits()
    {
        Assert.Equal(Orleans.Diagnostics.ActivitySources.RuntimeActivitySourceName, TelemetryNames.OrleansRuntimeSource);
        Assert.Equal(Orleans.Diagnostics.ActivitySources.ApplicationGrainActivitySourceName, TelemetryNames.OrleansApplicationSource);
    }

    [Fact]
    public void Nvidia_smi_output_sums_memory_and_averages_utilization_over_the_visible_gpus()
    {
        var sample = NvidiaSmi.Parse("1024, 50\n3072, 100\n[N/A], [N/A]\n");
        Assert.NotNull(sample);
        Assert.Equal(4096L * 1024 * 1024, sample.MemoryUsedBytes);
        Assert.Equal(0.75, sample.Utilization, 6);
        Assert.Equal(2, sample.Gpus);
        Assert.Null(NvidiaSmi.Parse("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver."));
    }

    [Theory]
    [InlineData("cpu", "cpu")]
    [InlineData("cuda", "cuda")]
    [InlineData("cuda:1", "cuda")]
    [InlineData("gpu", "cuda")]
    public void Devices_are_labelled_cpu_or_cuda(string device, string label) =>
        Assert.Equal(label, TelemetryNames.Devices.Of(device));
}
