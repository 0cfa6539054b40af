using BLoRA.Grains.Hosting;
using BLoRA.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Clustering.AzureStorage;
using Orleans.Configuration;

namespace BLoRA.Hosting.Tests.Security;

/// <summary>Storage and clustering through a connection string or Azure identity (an endpoint + DefaultAzureCredential).</summary>
public sealed class AzureIdentityTests
{
    private static readonly Uri Blob = new("https://blorastore.blob.core.windows.net");
    private static readonly Uri Table = new("https://blorastore.table.core.windows.net");

    [Fact]
    public void The_validator_says_which_credential_or_endpoint_is_missing()
    {
        var s = "BLoRA:Silo";
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { Storage = GrainStorageProvider.AzureStorage, StorageBlobServiceUri = Blob }),
            p => p.StartsWith($"{s}:StorageTableServiceUri: missing; with Azure identity both endpoints are needed", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { Storage = GrainStorageProvider.AzureStorage, StorageTableServiceUri = Table }),
            p => p.StartsWith($"{s}:StorageBlobServiceUri: missing", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { Storage = GrainStorageProvider.AzureStorage }),
            p => p.StartsWith($"{s}:StorageConnectionString: required", StringComparison.Ordinal) && p.Contains("Azure identity", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { Clustering = ClusteringProvider.AzureTable }),
            p => p.StartsWith($"{s}:ClusteringConnectionString: required", StringComparison.Ordinal) && p.Contains($"{s}:ClusteringServiceUri", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { Clustering = ClusteringProvider.AzureTable, ClusteringServiceUri = new Uri("http://blorastore.table.core.windows.net") }),
            p => p.StartsWith($"{s}:ClusteringServiceUri: 'http://blorastore.table.core.windows.net' must use https", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { Clustering = ClusteringProvider.AzureTable, ClusteringServiceUri = Table, ClusteringConnectionString = "UseDevelopmentStorage=true" }),
            p => p.StartsWith($"{s}:ClusteringServiceUri: set either it", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(new SiloHostOptions { ManagedIdentityClientId = "my-identity" }),
            p => p.StartsWith($"{s}:ManagedIdentityClientId: 'my-identity' is not a client id", StringComparison.Ordinal));
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions
        {
            Clustering = ClusteringProvider.AzureTable,
            ClusteringServiceUri = Table,
            Storage = GrainStorageProvider.AzureStorage,
            StorageBlobServiceUri = Blob,
            StorageTableServiceUri = Table,
            ManagedIdentityClientId = Guid.NewGuid().ToString(),
        }));

        Assert.Empty(ArtifactStoreOptionsValidator.Problems(new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob, ServiceUri = Blob }));
        Assert.Contains(ArtifactStoreOptionsValidator.Problems(new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob }),
            p => p.Contains("https://ACCOUNT.blob.core.windows.net, with Azure identity", StringComparison.Ordinal));
    }

    [Fact]
    public void Endpoints_build_clients_that_authenticate_with_a_token_credential()
    {
        // A shared-key client (connection string) can sign SAS URIs; a token-credential client cannot. Nothing is sent.
        var byIdentity = ArtifactStoreServiceCollectionExtensions.CreateBlobServiceClient(new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob, ServiceUri = Blob });
        Assert.Equal(Blob, byIdentity.Uri);
        Assert.False(byIdentity.CanGenerateAccountSasUri);
        var byKey = ArtifactStoreServiceCollectionExtensions.CreateBlobServiceClient(new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob, ConnectionString = "UseDevelopmentStorage=true" });
        Assert.True(byKey.CanGenerateAccountSasUri);

        var table = AzureStorageClients.Table(null, Table, Guid.NewGuid().ToString());
        Assert.Equal(Table, table.Uri);
        Assert.Throws<InvalidOperationException>(() => table.GenerateSasUri(Azure.Data.Tables.Sas.TableAccountSasPermissions.Read, Azure.Data.Tables.Sas.TableAccountSasResourceTypes.Service, DateTimeOffset.UtcNow.AddHours(1)));
    }

    [Fact]
    public void A_silo_configured_with_endpoints_uses_azure_identity_for_grain_state_reminders_and_membership()
    {
        var app = BLoRASiloHost.Build(
        [
            "--BLoRA:Cluster:Role=Coordinator",
            "--BLoRA:Silo:Clustering=AzureTable",
            $"--BLoRA:Silo:ClusteringServiceUri={Table}",
            "--BLoRA:Silo:Storage=AzureStorage",
            $"--BLoRA:Silo:StorageBlobServiceUri={Blob}",
            $"--BLoRA:Silo:StorageTableServiceUri={Table}",
            "--BLoRA:Silo:AdvertisedAddress=127.0.0.1",
            "--BLoRA:Tls:AllowInsecure=true",
            "--BLoRA:Artifacts:LocalDirectory=" + Path.GetTempPath(),
        ]);
        var services = app.Services;
        var grains = services.GetRequiredService<IOptionsMonitor<AzureBlobStorageOptions>>().Get(GrainStorageNames.Sweeps);
        Assert.Equal(Blob, grains.BlobServiceClient!.Uri);
        Assert.False(grains.BlobServiceClient.CanGenerateAccountSasUri);
        var membership = services.GetRequiredService<IOptions<AzureStorageClusteringOptions>>().Value;
        Assert.Equal(Table, membership.TableServiceClient!.Uri);
    }

    [Theory]
    [InlineData("AccountName=blora;AccountKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==;NoSuchSetting")]
    [InlineData("AccountKey=c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==")]
    [InlineData("c2VjcmV0LWtleS1kby1ub3Qtc2hvdw==")]
    public void A_malformed_connection_string_is_refused_without_showing_it(string connectionString)
    {
        var problems = SiloHostOptionsValidator.Problems(new SiloHostOptions
        {
            Clustering = ClusteringProvider.AzureTable,
            ClusteringConnectionString = connectionString,
            Storage = GrainStorageProvider.AzureStorage,
            StorageConnectionString = connectionString,
        }).Concat(ArtifactStoreOptionsValidator.Problems(new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob, ConnectionString = connectionString })).ToList();

        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:ClusteringConnectionString: is not a storage connection string", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:StorageConnectionString: is not a storage connection string", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Artifacts:ConnectionString: is not a storage connection string", StringComparison.Ordinal));
        Assert.All(problems, p => Assert.DoesNotContain("c2VjcmV0", p, StringComparison.Ordinal));
        var error = Assert.Throws<SiloConfigurationException>(() => BLoRASiloHost.Build(["--BLoRA:Silo:Storage=AzureStorage", "--BLoRA:Silo:StorageConnectionString=" + connectionString]));
        Assert.DoesNotContain("c2VjcmV0", error.ToString(), StringComparison.Ordinal);
    }
}
