using System.Collections.Immutable;

namespace BLoRA.Sweeps.Grid;

/// <summary>
/// One cell of an expanded grid: its position, its trial id, the index chosen on each axis (in axis
/// order) and the values by axis name.
/// </summary>
public sealed record GridCell(int Index, string TrialId, ImmutableArray<int> ValueIndices, ImmutableDictionary<string, string> Values);
