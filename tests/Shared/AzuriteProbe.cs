using Azure;
using Azure.Storage.Blobs;

namespace BLoRA.Tests.Shared;

/// <summary>
/// The Azurite emulator that ./test.sh starts, for every test project that needs it (linked into each).
/// Tests that need it fail (never skip) with a clear message when it cannot be reached.
/// </summary>
internal static class AzuriteProbe
{
    public const string ConnectionStringVariable = "BLORA_AZURITE_CONNECTION_STRING";

    /// <summary>The connection string, once Azurite has answered through it.</summary>
    public static async Task<string> RequireAsync()
    {
        var connection = Environment.GetEnvironmentVariable(ConnectionStringVariable) ?? "UseDevelopmentStorage=true";
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        var client = new BlobServiceClient(connection, options);
        try
        {
            await client.GetPropertiesAsync();
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or TaskCanceledException)
        {
            throw new InvalidOperationException(
                $"Azurite is not reachable at {client.Uri} ({ex.Message}). These tests need it: run ./test.sh, which installs and starts it, " +
                $"or `source scripts/azurite.sh && azurite_start` and set {ConnectionStringVariable} to its connection string.", ex);
        }

        return connection;
    }
}
