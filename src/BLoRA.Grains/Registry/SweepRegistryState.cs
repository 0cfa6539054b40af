using System.Collections.Immutable;
using BLoRA.Abstractions;

namespace BLoRA.Grains.Registry;

[GenerateSerializer, Alias("blora.SweepRegistryState")]
public sealed class SweepRegistryState
{
    [Id(0)]
    public ImmutableArray<SweepEntry> Sweeps { get; set; } = [];
}
