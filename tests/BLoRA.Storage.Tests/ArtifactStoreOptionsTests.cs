using BLoRA.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BLoRA.Storage.Tests;

[Trait("Category", "Unit")]
public sealed class ArtifactStoreOptionsTests
{
    [Fact]
    public void Every_problem_is_listed_with_the_key_to_set()
    {
        var problems = ArtifactStoreOptionsValidator.Problems(new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob, ContainerName = "Bad_Name" });

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Artifacts:ConnectionString:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Artifacts:ContainerName:", StringComparison.Ordinal));
        Assert.Single(ArtifactStoreOptionsValidator.Problems(new ArtifactStoreOptions()));
    }

    [Fact]
    public void A_service_uri_signs_in_with_its_sas_token_or_else_with_microsoft_entra_id()
    {
        Assert.True(AzureCredentials.HasSasToken(new Uri("https://acct.blob.core.windows.net/?sv=2024-08-04&sig=abc%3D")));
        Assert.False(AzureCredentials.HasSasToken(new Uri("https://acct.blob.core.windows.net/")));
        // Both build offline (the credential asks for a token only on the first request).
        foreach (var uri in new[] { "https://acct.blob.core.windows.net/?sv=2024-08-04&sig=abc%3D", "https://acct.blob.core.windows.net/" })
        {
            var store = ArtifactStoreServiceCollectionExtensions.Create(new ArtifactStoreOptions { Kind = ArtifactStoreKind.AzureBlob, ServiceUri = new Uri(uri) });
            Assert.IsType<AzureBlobArtifactStore>(store);
        }

        Assert.IsAssignableFrom<Azure.Identity.DefaultAzureCredential>(AzureCredentials.Create(null));
    }

    [Fact]
    public void AddArtifactStore_binds_configuration_and_resolves_the_configured_store()
    {
        var root = Path.Combine(Path.GetTempPath(), "blora-artifacts-" + Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BLoRA:Artifacts:Kind"] = "Local",
            ["BLoRA:Artifacts:LocalDirectory"] = root,
        }).Build();
        using var services = new ServiceCollection().AddArtifactStore(configuration).BuildServiceProvider();

        try
        {
            Assert.IsType<LocalArtifactStore>(services.GetRequiredService<IArtifactStore>());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Resolving_with_invalid_options_throws_with_every_problem()
    {
        using var services = new ServiceCollection().AddArtifactStore(o => o.Kind = ArtifactStoreKind.AzureBlob).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IArtifactStore>());
        Assert.Contains("BLoRA:Artifacts:ConnectionString", error.Message, StringComparison.Ordinal);
    }
}
