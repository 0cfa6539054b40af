using Microsoft.Extensions.Configuration;

namespace BLoRA.Cli.Infrastructure;

/// <summary>
/// The CLI's configuration: <c>~/.config/blora/config.json</c> (or <c>BLORA_CONFIG</c>), then
/// <c>BLORA_*</c> environment variables (<c>BLORA_Torch__LibTorchDirectory</c> sets <c>Torch:LibTorchDirectory</c>).
/// </summary>
internal static class CliConfiguration
{
    public static IConfiguration Build()
    {
        var file = Environment.GetEnvironmentVariable("BLORA_CONFIG")
                   ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "blora", "config.json");
        return new ConfigurationBuilder()
            .AddJsonFile(file, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables("BLORA_")
            .Build();
    }
}
