using BLoRA.Abstractions;

namespace BLoRA.Cli.Sweeps;

/// <summary>The embedded default sweep: examples/sweep-minilm-spam.yaml, embedded in the CLI at build time.</summary>
internal static class DemoSweep
{
    public const string ResourceName = "BLoRA.Cli.sweep-minilm-spam.yaml";

    public static (SweepSpec Spec, string SweepId) Load()
    {
        using var stream = typeof(DemoSweep).Assembly.GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"the CLI was built without its {ResourceName} resource.");
        using var reader = new StreamReader(stream);
        return SweepSpecFile.Parse(reader.ReadToEnd(), "(embedded) sweep-minilm-spam.yaml");
    }
}
