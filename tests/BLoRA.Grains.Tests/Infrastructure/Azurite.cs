using Azure.Storage.Blobs;
using BLoRA.Grains.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

using BLoRA.Tests.Shared;

namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>
/// The Azurite emulator that ./test.sh starts (see <see cref="AzuriteProbe"/>), and grain storage on it.
/// </summary>
public static class Azurite
{
    public static Task<string> RequireAsync() => AzuriteProbe.RequireAsync();

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
