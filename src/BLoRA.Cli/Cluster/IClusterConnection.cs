namespace BLoRA.Cli.Cluster;

/// <summary>A live client of one cluster.</summary>
internal interface IClusterConnection : IAsyncDisposable
{
    IClusterClient Client { get; }

    /// <summary>The gateways, for messages.</summary>
    string Description { get; }
}
