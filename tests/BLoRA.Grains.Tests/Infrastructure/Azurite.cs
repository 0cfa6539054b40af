using Azure;
using Azure.Storage.Blobs;
using BLoRA.Grains.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>
/// The Azurite emulator that ./test.sh starts. Tests that need it fail (never skip) with a clear
/// message when it cannot be reached.
/// </summary>
public static class Azurite
{
    public const string ConnectionStringVariable = "BLORA_AZURITE_CONNECTION_STRING";

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
                $"or start `azurite --disableTelemetry` yourself and set {ConnectionStringVariable} to its connection string.", ex);
        }

        return connection;
    }

    /// <summary>
    /// Blob grain storage (Orleans serializer) and table reminders, in a container and table of their own,
    /// with the silo host's retry settings (<see cref="StorageRetryPolicy"/>).
    /// </summary>
    public static void UseAzurite(this ISiloBuilder silo, string connection, string name)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddAzureBlobGrainStorage(GrainStorageNames.Sweeps, (OptionsBuilder<AzureBlobStorageOptions> o) => o.Configure<Serializer>((options, serializer) =>
        {
            options.BlobServiceClient = new BlobServiceClient(connection, WithStorageRetry(new BlobClientOptions()));
            options.ContainerName = name;
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAzureTableReminderService(o =>
        {
            o.TableServiceClient = new Azure.Data.Tables.TableServiceClient(connection, WithStorageRetry(new Azure.Data.Tables.TableClientOptions()));
            o.TableName = "reminders" + name.Replace("-", "", StringComparison.Ordinal);
        });
    }

    /// <summary>As BLoRASiloHost.WithStorageRetry (this project does not reference the host).</summary>
    private static T WithStorageRetry<T>(T options)
        where T : Azure.Core.ClientOptions
    {
        options.Retry.MaxRetries = StorageRetryPolicy.MaxRetries;
        options.Retry.Delay = StorageRetryPolicy.Delay;
        options.Retry.MaxDelay = StorageRetryPolicy.MaxDelay;
        options.Retry.Mode = Azure.Core.RetryMode.Exponential;
        options.Retry.NetworkTimeout = StorageRetryPolicy.NetworkTimeout;
        return options;
    }

    /// <summary>A fresh lowercase container name for one cluster.</summary>
    public static string FreshName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];
}
