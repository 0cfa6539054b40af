using BLoRA.Training.Data;

namespace BLoRA.Training.Tests.Data;

public sealed class TaskReferenceTests
{
    [Theory]
    [InlineData("spam", TaskKind.Spam, null, "spam")]
    [InlineData("SPAM-HARD", TaskKind.SpamHard, null, "spam-hard")]
    [InlineData("glue:SST-2", TaskKind.Glue, "sst2", "glue:sst2")]
    [InlineData("glue:mnli_mismatched", TaskKind.Glue, "mnli-mm", "glue:mnli-mm")]
    [InlineData("glue:STS-B", TaskKind.Glue, "stsb", "glue:stsb")]
    [InlineData("csv:data/reviews.csv", TaskKind.Csv, "data/reviews.csv", "csv:data/reviews.csv")]
    [InlineData("jsonl:/tmp/x.jsonl", TaskKind.Jsonl, "/tmp/x.jsonl", "jsonl:/tmp/x.jsonl")]
    public void Parses_every_kind(string text, TaskKind kind, string? argument, string canonical)
    {
        var reference = TaskReference.Parse(text);

        Assert.Equal(kind, reference.Kind);
        Assert.Equal(argument, reference.Argument);
        Assert.Equal(canonical, reference.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("imdb")]
    [InlineData("spam:extra")]
    [InlineData("csv:")]
    [InlineData("glue:")]
    public void Rejects_unknown_tasks_listing_the_accepted_forms(string text)
    {
        var error = Assert.Throws<TaskDataException>(() => TaskReference.Parse(text));

        Assert.Contains("spam, spam-hard, glue:NAME", error.Message, StringComparison.Ordinal);
    }
}
