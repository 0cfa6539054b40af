namespace BLoRA.Cli.Tests.Sweeps;

[CollectionDefinition(Name)]
public sealed class DevClusterGroup : ICollectionFixture<DevClusterFixture>
{
    public const string Name = "dev cluster";
}
