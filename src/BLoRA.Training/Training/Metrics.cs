namespace BLoRA.Training.Training;

/// <summary>The GLUE metrics: accuracy, F1, Matthews correlation, Pearson and Spearman.</summary>
public static class Metrics
{
    public const string Accuracy = "accuracy";
    public const string F1 = "f1";
    public const string Matthews = "matthews";
    public const string Pearson = "pearson";
    public const string Spearman = "spearman";

    /// <summary>Fraction of predictions equal to their label.</summary>
    public static double ComputeAccuracy(IReadOnlyList<int> predicted, IReadOnlyList<int> labels)
    {
        Check(predicted.Count, labels.Count);
        return predicted.Count == 0 ? 0 : predicted.Zip(labels).Count(p => p.First == p.Second) / (double)predicted.Count;
    }

    /// <summary>F1 of class 1 for two classes (GLUE's MRPC/QQP convention); macro F1 for more.</summary>
    public static double ComputeF1(IReadOnlyList<int> predicted, IReadOnlyList<int> labels, int classes = 2)
    {
        Check(predicted.Count, labels.Count);
        double F1Of(int c)
        {
            var tp = predicted.Zip(labels).Count(p => p.First == c && p.Second == c);
            var fp = predicted.Zip(labels).Count(p => p.First == c && p.Second != c);
            var fn = predicted.Zip(labels).Count(p => p.First != c && p.Second == c);
            return tp == 0 ? 0 : 2.0 * tp / ((2.0 * tp) + fp + fn);
        }

        return classes == 2 ? F1Of(1) : Enumerable.Range(0, classes).Average(F1Of);
    }

    /// <summary>Matthews correlation (Gorodkin's multi-class form; the usual MCC for two classes). 0 when undefined.</summary>
    public static double ComputeMatthews(IReadOnlyList<int> predicted, IReadOnlyList<int> labels, int classes = 2)
    {
        Check(predicted.Count, labels.Count);
        var confusion = new long[classes, classes];
        foreach (var (p, l) in predicted.Zip(labels))
        {
            confusion[l, p]++;
        }

        double n = predicted.Count, correct = 0, sumPk = 0, sumTk = 0, sumPkTk = 0, sumPk2 = 0, sumTk2 = 0;
        for (var k = 0; k < classes; k++)
        {
            correct += confusion[k, k];
            double pk = 0, tk = 0;
            for (var j = 0; j < classes; j++)
            {
                pk += confusion[j, k];
                tk += confusion[k, j];
            }

            sumPkTk += pk * tk;
            sumPk2 += pk * pk;
            sumTk2 += tk * tk;
            sumPk += pk;
            sumTk += tk;
        }

        var denominator = Math.Sqrt(((n * n) - sumPk2) * ((n * n) - sumTk2));
        return denominator == 0 ? 0 : ((correct * n) - sumPkTk) / denominator;
    }

    /// <summary>Pearson correlation; 0 when either side is constant.</summary>
    public static double ComputePearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        Check(x.Count, y.Count);
        if (x.Count < 2)
        {
            return 0;
        }

        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Spearman correlation: Pearson of the ranks, ties given their average rank.</summary>
    public static double ComputeSpearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => ComputePearson(Ranks(x), Ranks(y));

    /// <summary>Ranks 1..n with ties averaged.</summary>
    public static double[] Ranks(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]])
            {
                j++;
            }

            var rank = ((i + j) / 2.0) + 1;
            for (var k = i; k <= j; k++)
            {
                ranks[order[k]] = rank;
            }

            i = j + 1;
        }

        return ranks;
    }

    private static void Check(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"predictions ({a}) and labels ({b}) differ in length.");
        }
    }
}
