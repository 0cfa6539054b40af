using System.Collections.Immutable;

namespace BLoRA.Sweeps.Grid;

/// <summary>One axis of a grid: its name and the values to try, as they appear in a trial's cell.</summary>
public sealed record GridAxis(string Name, ImmutableArray<string> Values);
