
namespace BLoRA.Hosting.Tests;

public sealed class SiloHostTests
{
    [Fact]
    public void Defaults_are_a_valid_dev_silo()
    {
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions()));
    }

    [Fact]
    public void Every_problem_names_the_key_to_set()
    {
        var problems = SiloHostOptionsValidator.Problems(new SiloHostOptions
        {
            Clustering = ClusteringProvider.Redis,
            Storage = GrainStorageProvider.AzureStorage,
            AdvertisedAddress = "pod-ip",
            SiloPort = 0,
            GatewayPort = 0,
        });
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:ClusteringConnectionString:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:StorageConnectionString:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:AdvertisedAddress:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:SiloPort:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Silo:GatewayPort:", StringComparison.Ordinal));
    }

    [Fact]
    public void Building_a_silo_with_bad_configuration_lists_every_problem_across_sections()
    {
        var error = Assert.Throws<SiloConfigurationException>(() => BLoRASiloHost.Build(
        [
            "--BLoRA:Silo:Clustering=AzureTable",
            "--BLoRA:Cluster:Role=Worker",
            "--BLoRA:Cluster:WorkerSlots=0",
            "--BLoRA:Runner:Device=tpu",
            "--BLoRA:Artifacts:Kind=AzureBlob",
        ]));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Silo:ClusteringConnectionString", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Cluster:WorkerSlots", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Runner:Device", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("BLoRA:Artifacts", StringComparison.Ordinal));
    }
}
