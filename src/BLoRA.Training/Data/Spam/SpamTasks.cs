namespace BLoRA.Training.Data.Spam;

/// <summary>
/// The embedded default tasks over the SpamAssassin corpus: <c>spam</c> (spam against all ham) and
/// <c>spam-hard</c> (spam against hard ham only). Messages are de-duplicated by their text (copies
/// with conflicting labels are dropped), split 80/10/10 (by default) per class by seed.
/// </summary>
public static class SpamTasks
{
    public static IReadOnlyList<string> Labels { get; } = ["ham", "spam"];

    /// <summary>Most characters of a message kept: far more than 512 word pieces need.</summary>
    public const int MaxCharacters = 4000;

    public static TextTask Load(bool hard, TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var messages = SpamAssassinCorpus.Read(SpamAssassinCorpus.Locate(options.DataDirectory));
        var examples = Examples(messages, hard);
        if (examples.Count == 0)
        {
            throw new TaskDataException("the SpamAssassin corpus has no messages; delete its cache folder and run scripts/fetch-data.sh again.");
        }

        var (train, validation, test) = DataSplitter.Split(examples, options.ValidationFraction, options.TestFraction, options.Seed);
        return new TextTask(hard ? "spam-hard" : "spam", Labels, isRegression: false, [MetricKind.Accuracy, MetricKind.F1], train, validation, test);
    }

    /// <summary>Labelled, de-duplicated examples (ham 0, spam 1) in corpus order.</summary>
    public static List<TextExample> Examples(IReadOnlyList<SpamMessage> messages, bool hard)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var byText = new Dictionary<string, (TextExample Example, bool Conflict)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var message in messages.Where(m => m.IsSpam || !hard || m.IsHardHam))
        {
            var text = message.Text.Length > MaxCharacters ? message.Text[..MaxCharacters] : message.Text;
            if (text.Length == 0)
            {
                continue;
            }

            var label = message.IsSpam ? 1 : 0;
            var key = text.ToLowerInvariant();
            if (byText.TryGetValue(key, out var seen))
            {
                byText[key] = (seen.Example, seen.Conflict || seen.Example.Label != label);
                continue;
            }

            byText[key] = (new TextExample(text, Label: label), false);
            order.Add(key);
        }

        return [.. order.Select(k => byText[k]).Where(e => !e.Conflict).Select(e => e.Example)];
    }
}
