using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BLoRA.Storage;

namespace BLoRA.Hosting;

/// <summary>Blob and table clients from a connection string, or from an endpoint with Azure identity (or a SAS token in its query).</summary>
public static class AzureStorageClients
{
    public static BlobServiceClient Blob(string? connectionString, Uri? endpoint, string? managedIdentityClientId) => endpoint switch
    {
        null => new BlobServiceClient(connectionString),
        { } sas when AzureCredentials.HasSasToken(sas) => new BlobServiceClient(sas),
        { } uri => new BlobServiceClient(uri, AzureCredentials.Create(managedIdentityClientId)),
    };

    public static TableServiceClient Table(string? connectionString, Uri? endpoint, string? managedIdentityClientId) => endpoint switch
    {
        null => new TableServiceClient(connectionString),
        { } sas when AzureCredentials.HasSasToken(sas) => new TableServiceClient(sas),
        { } uri => new TableServiceClient(uri, AzureCredentials.Create(managedIdentityClientId)),
    };
}
