namespace BLoRA.Cli.Cluster;

/// <summary>No cluster answered; the message says where the CLI looked and how to start or point at one.</summary>
internal sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException()
    {
    }

    public ClusterUnavailableException(string message)
        : base(message)
    {
    }

    public ClusterUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
