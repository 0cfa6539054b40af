using BLoRA.Training.Training;

namespace BLoRA.Training.Data;

/// <summary>
/// `--task synthetic`: a small learnable sequence task. Token ids 4..11 are "positive", 12..19
/// "negative", 20..31 neutral; the label is 1 when positives outnumber negatives. A bag-of-tokens
/// model can learn it, a constant cannot (the classes are balanced by construction).
/// </summary>
public static class SyntheticTask
{
    public const int VocabSize = 32;

    public static TrainingTask Create(int trainExamples, int evalExamples, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trainExamples, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(evalExamples, 1);
        var random = new Random((int)(seed ^ (seed >> 32)));
        return new TrainingTask(
            "synthetic",
            2,
            Metrics.Accuracy,
            [Metrics.Accuracy, Metrics.F1, Metrics.Matthews],
            Examples(random, trainExamples),
            Examples(random, evalExamples));
    }

    private static List<TokenizedExample> Examples(Random random, int count)
    {
        var examples = new List<TokenizedExample>(count);
        var ones = 0;
        while (examples.Count < count)
        {
            var length = random.Next(8, 17);
            var ids = new int[length];
            ids[0] = 1; // [CLS]
            int positives = 0, negatives = 0;
            for (var t = 1; t < length; t++)
            {
                ids[t] = random.Next(4, VocabSize);
                positives += ids[t] is >= 4 and < 12 ? 1 : 0;
                negatives += ids[t] is >= 12 and < 20 ? 1 : 0;
            }

            if (positives == negatives)
            {
                continue;
            }

            var label = positives > negatives ? 1 : 0;
            // Keep the classes balanced: accept an example only while its class is not ahead.
            if ((label == 1 && ones > examples.Count - ones) || (label == 0 && ones < examples.Count - ones))
            {
                continue;
            }

            examples.Add(new TokenizedExample(ids, new int[length], label));
            ones += label;
        }

        return examples;
    }
}
