using System.Collections.Immutable;
using System.Globalization;

namespace BLoRA.Sweeps.Grid;

/// <summary>
/// Expands grid axes into their cartesian product, row-major (the last axis varies fastest), so the
/// same axes always give the same cells in the same order with the same trial ids.
/// </summary>
public static class GridExpansion
{
    /// <summary>The trial id of cell <paramref name="index"/> of sweep <paramref name="sweepId"/>: <c>{sweepId}.t00042</c>.</summary>
    public static string TrialId(string sweepId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{sweepId}.t{index:D5}");

    /// <summary>The number of cells, saturating at <see cref="long.MaxValue"/>.</summary>
    public static long Count(IReadOnlyList<GridAxis> axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var count = 1L;
        foreach (var axis in axes)
        {
            var n = axis.Values.IsDefault ? 0 : axis.Values.Length;
            count = n == 0 ? 0 : count > long.MaxValue / n ? long.MaxValue : count * n;
        }

        return count;
    }

    /// <summary>Every cell; throws when there are more than <paramref name="maxCells"/> or axis names repeat.</summary>
    public static ImmutableArray<GridCell> Expand(string sweepId, IReadOnlyList<GridAxis> axes, int maxCells)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != axes.Count)
        {
            throw new ArgumentException("axis names must be unique", nameof(axes));
        }

        var count = Count(axes);
        if (count > maxCells)
        {
            throw new ArgumentException($"the grid has {count} cells, more than {maxCells}", nameof(axes));
        }

        var cells = ImmutableArray.CreateBuilder<GridCell>((int)count);
        var indices = new int[axes.Count];
        for (var index = 0; index < count; index++)
        {
            var values = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            for (var a = 0; a < axes.Count; a++)
            {
                values[axes[a].Name] = axes[a].Values[indices[a]];
            }

            cells.Add(new GridCell(index, TrialId(sweepId, index), [.. indices], values.ToImmutable()));

            // Odometer step: the last axis turns fastest.
            for (var a = axes.Count - 1; a >= 0; a--)
            {
                if (++indices[a] < axes[a].Values.Length)
                {
                    break;
                }

                indices[a] = 0;
            }
        }

        return cells.MoveToImmutable();
    }
}
