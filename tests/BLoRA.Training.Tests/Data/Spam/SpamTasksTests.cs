using BLoRA.Training.Data;
using BLoRA.Training.Data.Spam;
using Xunit.Abstractions;

namespace BLoRA.Training.Tests.Data.Spam;

/// <summary>The embedded tasks over the real SpamAssassin corpus (fetched by scripts/fetch-data.sh, which ./test.sh runs).</summary>
public sealed class SpamTasksTests
{
    private readonly ITestOutputHelper output;

    public SpamTasksTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Spam_task_has_the_whole_deduplicated_corpus_split_80_10_10_by_class()
    {
        var messages = SpamAssassinCorpus.Read(SpamAssassinCorpus.Locate());
        var task = TaskLoader.Load("spam");

        Assert.Equal(6046, messages.Count);
        Assert.Equal(["ham", "spam"], task.LabelNames);
        Assert.Equal(MetricKind.Accuracy, task.PrimaryMetric);
        Assert.Contains(MetricKind.F1, task.Metrics);
        var all = task.Train.Concat(task.Validation).Concat(task.Test).ToList();
        // De-duplication removes repeats (the corpus holds a few hundred near-identical copies).
        Assert.InRange(all.Count, 5000, messages.Count - 1);
        Assert.Equal(all.Count, all.Select(e => e.TextA.ToLowerInvariant()).Distinct().Count());
        Assert.InRange(task.Validation.Count, (all.Count / 10) - 2, (all.Count / 10) + 2);
        Assert.InRange(task.Test.Count, (all.Count / 10) - 2, (all.Count / 10) + 2);
        var spamShare = all.Average(e => e.Label!.Value);
        Assert.InRange(task.Validation.Average(e => e.Label!.Value), spamShare - 0.01, spamShare + 0.01);
        Assert.Empty(task.Train.Intersect(task.Test));
        output.WriteLine($"spam: {task} (spam share {spamShare:P1}, {messages.Count} messages in the corpus)");
    }

    [Fact]
    public void Spam_hard_has_only_spam_and_hard_ham()
    {
        var messages = SpamAssassinCorpus.Read(SpamAssassinCorpus.Locate());
        var task = TaskLoader.Load("spam-hard");

        var all = task.Train.Concat(task.Validation).Concat(task.Test).ToList();
        var hardHam = messages.Count(m => m.IsHardHam);
        var spam = messages.Count(m => m.IsSpam);
        Assert.Equal(250, hardHam);
        Assert.InRange(all.Count(e => e.Label == 0), 200, hardHam);
        Assert.InRange(all.Count(e => e.Label == 1), spam - 300, spam);
        output.WriteLine($"spam-hard: {task} (ham {all.Count(e => e.Label == 0)}, spam {all.Count(e => e.Label == 1)})");
    }

    [Fact]
    public void Splits_are_deterministic_by_seed()
    {
        var a = TaskLoader.Load("spam", new TaskOptions { Seed = 7 });
        var b = TaskLoader.Load("spam", new TaskOptions { Seed = 7 });
        var c = TaskLoader.Load("spam", new TaskOptions { Seed = 8 });

        Assert.Equal(a.Train.Select(e => e.TextA), b.Train.Select(e => e.TextA));
        Assert.NotEqual(a.Train.Select(e => e.TextA), c.Train.Select(e => e.TextA));
    }

    [Fact]
    public void Parsed_messages_keep_subject_and_body_without_headers_or_html()
    {
        var messages = SpamAssassinCorpus.Read(SpamAssassinCorpus.Locate());

        Assert.All(messages.Take(200), m => Assert.DoesNotContain("Return-Path:", m.Text, StringComparison.Ordinal));
        Assert.True(messages.Count(m => m.Subject.Length > 0) > messages.Count * 0.95);
        // "<html" survives only where a message quotes it as text (ham discussing spam filters).
        Assert.True(messages.Count(m => m.Body.Contains("<html", StringComparison.OrdinalIgnoreCase)) < messages.Count / 50);
        Assert.True(messages.Count(m => m.Body.Contains("</td>", StringComparison.OrdinalIgnoreCase)) < messages.Count / 100);
        Assert.True(messages.Count(m => m.Body.Length == 0) < messages.Count / 100);
    }

    [Fact]
    public void A_missing_cache_says_how_to_fetch_the_data()
    {
        using var empty = TestPaths.CreateTemp();

        var error = Assert.Throws<TaskDataException>(() => TaskLoader.Load("spam", new TaskOptions { DataDirectory = empty.Path }));

        Assert.Contains("scripts/fetch-data.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains(empty.Path, error.Message, StringComparison.Ordinal);
    }
}
