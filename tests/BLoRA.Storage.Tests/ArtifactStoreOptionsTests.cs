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
