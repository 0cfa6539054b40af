using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace BLoRA.Telemetry;

/// <summary>
/// Reads GPU memory and utilization with <c>nvidia-smi --query-gpu</c> (TorchSharp exposes no CUDA
/// memory API), limited to <c>CUDA_VISIBLE_DEVICES</c> when that is set. Null when nvidia-smi is
/// missing or fails: a gauge then reports nothing rather than a wrong zero.
/// </summary>
internal static class NvidiaSmi
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static GpuSample? Sample()
    {
        var start = new ProcessStartInfo("nvidia-smi")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--query-gpu=memory.used,utilization.gpu");
        start.ArgumentList.Add("--format=csv,noheader,nounits");
        if (Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") is { Length: > 0 } visible)
        {
            start.ArgumentList.Add($"--id={visible}");
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill();
                return null;
            }

            return process.ExitCode == 0 ? Parse(output.GetAwaiter().GetResult()) : null;
        }
        catch (Win32Exception)
        {
            return null; // no nvidia-smi on PATH
        }
    }

    /// <summary>Parses lines of "memory.used [MiB], utilization.gpu [%]"; null when no line parses.</summary>
    internal static GpuSample? Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        long bytes = 0;
        double utilization = 0;
        var gpus = 0;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(',', StringSplitOptions.TrimEntries);
            if (fields.Length < 2
                || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var mib)
                || !double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var percent))
            {
                continue; // "[N/A]" or a message: skip that GPU
            }

            bytes += (long)(mib * 1024 * 1024);
            utilization += percent / 100;
            gpus++;
        }

        return gpus == 0 ? null : new GpuSample(bytes, utilization / gpus, gpus);
    }
}
