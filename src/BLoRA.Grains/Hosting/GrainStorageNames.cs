namespace BLoRA.Grains.Hosting;

/// <summary>The grain storage provider the sweep cluster's grains persist to (register it on every silo).</summary>
public static class GrainStorageNames
{
    public const string Sweeps = "blora";
}
