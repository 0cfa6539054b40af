using Azure;
using Azure.Storage.Blobs;
using BLoRA.Abstractions;

namespace BLoRA.Storage.Tests;

/// <summary>The blob store against Azurite (started by ./test.sh); fails, never skips, when Azurite is not there.</summary>
[Trait("Category", "Integration")]
public sealed class AzureBlobArtifactStoreTests : ArtifactStoreContract
{
    private readonly string container = "artifacts-" + Guid.NewGuid().ToString("N")[..20];

    protected override async Task<IArtifactStore> StoreAsync()
    {
        var connection = Environment.GetEnvironmentVariable("BLORA_AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true";
        var options = new BlobClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        var service = new BlobServiceClient(connection, options);
        try
        {
            await service.GetPropertiesAsync();
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or TaskCanceledException)
        {
            throw new InvalidOperationException(
                $"Azurite is not reachable at {service.Uri} ({ex.Message}). Run ./test.sh, which installs and starts it, or start `azurite --disableTelemetry` and set BLORA_AZURITE_CONNECTION_STRING.", ex);
        }

        return new AzureBlobArtifactStore(service.GetBlobContainerClient(container));
    }

    [Fact]
    public async Task The_container_is_created_on_first_use_and_content_type_is_kept()
    {
        var store = await StoreAsync();
        await PutAsync(store, "sweeps/y/frontier.csv", "a\n");

        var service = new BlobServiceClient(Environment.GetEnvironmentVariable("BLORA_AZURITE_CONNECTION_STRING") ?? "UseDevelopmentStorage=true");
        var properties = await service.GetBlobContainerClient(container).GetBlobClient("sweeps/y/frontier.csv").GetPropertiesAsync();
        Assert.Equal("text/plain", properties.Value.ContentType);
    }
}
