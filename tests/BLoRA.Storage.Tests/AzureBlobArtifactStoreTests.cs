using Azure.Storage.Blobs;
using BLoRA.Abstractions;

using BLoRA.Tests.Shared;

namespace BLoRA.Storage.Tests;

/// <summary>The blob store against Azurite (started by ./test.sh); fails, never skips, when Azurite is not there.</summary>
[Trait("Category", "Integration")]
public sealed class AzureBlobArtifactStoreTests : ArtifactStoreContract
{
    private readonly string container = "artifacts-" + Guid.NewGuid().ToString("N")[..20];

    protected override async Task<IArtifactStore> StoreAsync()
    {
        var service = new BlobServiceClient(await AzuriteProbe.RequireAsync());
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
