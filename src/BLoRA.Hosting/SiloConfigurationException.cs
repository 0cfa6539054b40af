namespace BLoRA.Hosting;

/// <summary>The silo's configuration has problems; the message lists every one with the key to set.</summary>
public sealed class SiloConfigurationException : Exception
{
    public SiloConfigurationException()
    {
    }

    public SiloConfigurationException(string message)
        : base(message)
    {
    }

    public SiloConfigurationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SiloConfigurationException(IReadOnlyList<string> problems)
        : base("the silo's configuration has problems:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", problems ?? []))
    {
        Problems = problems ?? [];
    }

    public IReadOnlyList<string> Problems { get; } = [];
}
