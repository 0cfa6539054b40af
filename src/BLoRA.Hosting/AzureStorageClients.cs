using Azure.Data.Tables;
using Azure.Storage.Blobs;
using BLoRA.Storage;

namespace BLoRA.Hosting;

/// <summary>Blob and table clients from a connection string, or from an endpoint with Azure identity (or a SAS token in its query).</summary>
public static class AzureStorageClients
{
    public static BlobServiceClient Blob(string? connectionString, Uri? endpoint, string? managedIdentityClientId, BlobClientOptions? options = null) => endpoint switch
    {
        null => new BlobServiceClient(connectionString, options),
        { } sas when AzureCredentials.HasSasToken(sas) => new BlobServiceClient(sas, options),
        { } uri => new BlobServiceClient(uri, AzureCredentials.Create(managedIdentityClientId), options),
    };

    public static TableServiceClient Table(string? connectionString, Uri? endpoint, string? managedIdentityClientId, TableClientOptions? options = null) => endpoint switch
    {
        null => new TableServiceClient(connectionString, options),
        { } sas when AzureCredentials.HasSasToken(sas) => new TableServiceClient(sas, options),
        { } uri => new TableServiceClient(uri, AzureCredentials.Create(managedIdentityClientId), options),
    };
}
