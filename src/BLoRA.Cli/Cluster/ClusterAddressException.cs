namespace BLoRA.Cli.Cluster;

/// <summary>The gateway list (--cluster, BLORA_CLUSTER, Cluster:Gateway) is malformed: bad input, exit code 2.</summary>
internal sealed class ClusterAddressException : Exception
{
    public ClusterAddressException()
    {
    }

    public ClusterAddressException(string message)
        : base(message)
    {
    }

    public ClusterAddressException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
