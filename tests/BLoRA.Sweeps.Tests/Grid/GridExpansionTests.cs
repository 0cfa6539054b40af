using BLoRA.Sweeps.Grid;

namespace BLoRA.Sweeps.Tests.Grid;

[Trait("Category", "Unit")]
public sealed class GridExpansionTests
{
    private static readonly GridAxis[] Axes = [new("a", ["1", "2"]), new("b", ["x", "y", "z"])];

    [Fact]
    public void Cells_are_the_cartesian_product_last_axis_fastest_with_stable_ids()
    {
        var cells = GridExpansion.Expand("s", Axes, 100);

        Assert.Equal(6, cells.Length);
        Assert.Equal(["1x", "1y", "1z", "2x", "2y", "2z"], cells.Select(c => c.Values["a"] + c.Values["b"]));
        Assert.Equal(["s.t00000", "s.t00005"], new[] { cells[0].TrialId, cells[5].TrialId });
        Assert.Equal([1, 2], cells[5].ValueIndices.ToArray());
        Assert.Equal(cells.Select(c => c.TrialId), GridExpansion.Expand("s", Axes, 100).Select(c => c.TrialId));
    }

    [Fact]
    public void Too_many_cells_and_repeated_axes_are_refused_and_counts_saturate()
    {
        Assert.Throws<ArgumentException>(() => GridExpansion.Expand("s", Axes, 5));
        Assert.Throws<ArgumentException>(() => GridExpansion.Expand("s", [Axes[0], Axes[0]], 100));
        var wide = new GridAxis("w", [.. Enumerable.Range(0, 100_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(long.MaxValue, GridExpansion.Count(Enumerable.Repeat(wide, 5).ToList()));
        Assert.Equal(0, GridExpansion.Count([new GridAxis("e", [])]));
    }
}
