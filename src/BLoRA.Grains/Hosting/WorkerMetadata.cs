using System.Globalization;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace BLoRA.Grains.Hosting;

/// <summary>
/// The silo metadata keys the cluster advertises (configuration <c>Orleans:Metadata</c>, e.g.
/// <c>Orleans__Metadata__Accelerator=gpu</c>). A silo is a worker when it advertises an accelerator
/// (<c>gpu</c> or <c>cpu</c>) and at least one slot.
/// </summary>
public static class WorkerMetadata
{
    public const string RoleKey = "Role";
    public const string AcceleratorKey = "Accelerator";
    public const string SlotsKey = "WorkerSlots";
    public const string Gpu = "gpu";
    public const string Cpu = "cpu";

    /// <summary>The metadata a silo with <paramref name="options"/> advertises.</summary>
    public static Dictionary<string, string> For(SweepClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { [RoleKey] = options.Role.ToString() };
        if (options.RunsTrials)
        {
            metadata[AcceleratorKey] = options.Accelerator;
            metadata[SlotsKey] = options.WorkerSlots.ToString(CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    /// <summary>The worker slots a silo advertises; 0 when it is not a worker.</summary>
    public static int Slots(SiloMetadata? metadata)
    {
        if (metadata?.Metadata is not { } m ||
            !m.TryGetValue(AcceleratorKey, out var accelerator) || accelerator is not (Gpu or Cpu) ||
            !m.TryGetValue(SlotsKey, out var text) ||
            !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var slots))
        {
            return 0;
        }

        return Math.Max(0, slots);
    }

    /// <summary>True when the silo coordinates sweeps (role Coordinator or Dev).</summary>
    public static bool IsCoordinator(SiloMetadata? metadata) =>
        metadata?.Metadata is { } m && m.TryGetValue(RoleKey, out var role) &&
        (role == nameof(SiloRole.Coordinator) || role == nameof(SiloRole.Dev));
}
