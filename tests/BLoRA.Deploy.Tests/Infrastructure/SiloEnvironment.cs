using BLoRA.Hosting;
using Microsoft.Extensions.Configuration;

namespace BLoRA.Deploy.Tests.Infrastructure;

/// <summary>
/// What a silo container would see: the silo's appsettings.json (part of every image) overlaid with
/// environment variables, bound and validated by the silo's own <see cref="SiloSettings"/>. The variable
/// names map to keys as .NET's environment provider maps them (<c>__</c> is <c>:</c>).
/// </summary>
internal static class SiloEnvironment
{
    public static SiloSettings Bind(IReadOnlyDictionary<string, string?> environment, out IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(environment);
        configuration = new ConfigurationBuilder()
            .AddJsonFile(Repo.Path("silos/BLoRA.Silo/appsettings.json"), optional: false)
            .AddInMemoryCollection(environment.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)))
            .Build();
        return SiloSettings.Read(configuration);
    }

    public static SiloSettings Bind(IReadOnlyDictionary<string, string?> environment) => Bind(environment, out _);
}
