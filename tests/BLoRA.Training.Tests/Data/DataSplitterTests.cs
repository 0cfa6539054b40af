using BLoRA.Training.Data;

namespace BLoRA.Training.Tests.Data;

public sealed class DataSplitterTests
{
    private static List<TextExample> Examples(int ham, int spam) =>
        [.. Enumerable.Range(0, ham).Select(i => new TextExample($"ham {i}", Label: 0)), .. Enumerable.Range(0, spam).Select(i => new TextExample($"spam {i}", Label: 1))];

    [Fact]
    public void Splits_each_class_in_proportion_without_overlap()
    {
        var (train, validation, test) = DataSplitter.Split(Examples(300, 100), 0.1, 0.2, seed: 1);

        Assert.Equal(280, train.Count);
        Assert.Equal(40, validation.Count);
        Assert.Equal(80, test.Count);
        Assert.Equal(10, validation.Count(e => e.Label == 1));
        Assert.Equal(20, test.Count(e => e.Label == 1));
        Assert.Equal(400, train.Concat(validation).Concat(test).Select(e => e.TextA).Distinct().Count());
    }

    [Fact]
    public void Same_seed_same_split_other_seed_other_split()
    {
        var data = Examples(50, 50);

        var a = DataSplitter.Split(data, 0.1, 0.1, 3);
        var b = DataSplitter.Split(data, 0.1, 0.1, 3);
        var c = DataSplitter.Split(data, 0.1, 0.1, 4);

        Assert.Equal(a.Train.Select(e => e.TextA), b.Train.Select(e => e.TextA));
        Assert.Equal(a.Test.Select(e => e.TextA), b.Test.Select(e => e.TextA));
        Assert.NotEqual(a.Test.Select(e => e.TextA).Order(), c.Test.Select(e => e.TextA).Order());
    }
}
