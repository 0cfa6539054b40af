namespace BLoRA.Training.Data;

/// <summary>Deterministic, seeded splits of a labelled example list.</summary>
public static class DataSplitter
{
    /// <summary>
    /// Splits <paramref name="examples"/> into train, validation and test by <paramref name="seed"/>:
    /// stratified by label for classification (each class split in the same proportions), shuffled
    /// as a whole for regression. The same inputs and seed always give the same splits.
    /// </summary>
    public static (List<TextExample> Train, List<TextExample> Validation, List<TextExample> Test) Split(
        IReadOnlyList<TextExample> examples, double validationFraction, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (validationFraction < 0 || testFraction < 0 || validationFraction + testFraction >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), "validation and test fractions must be >= 0 and sum to less than 1");
        }

        var train = new List<TextExample>();
        var validation = new List<TextExample>();
        var test = new List<TextExample>();
        var groups = examples.GroupBy(e => e.Label ?? -1).OrderBy(g => g.Key);
        foreach (var group in groups)
        {
            var items = group.ToArray();
            // System.Random with a seed is the same sequence on every .NET version and platform.
            new Random(unchecked((seed * 7919) + group.Key) & int.MaxValue).Shuffle(items);
            var nTest = (int)Math.Round(items.Length * testFraction);
            var nValidation = (int)Math.Round(items.Length * validationFraction);
            test.AddRange(items.Take(nTest));
            validation.AddRange(items.Skip(nTest).Take(nValidation));
            train.AddRange(items.Skip(nTest + nValidation));
        }

        var rng = new Random(seed);
        foreach (var list in new[] { train, validation, test })
        {
            var array = list.ToArray();
            rng.Shuffle(array);
            list.Clear();
            list.AddRange(array);
        }

        return (train, validation, test);
    }
}
