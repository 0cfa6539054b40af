namespace BLoRA.Training.Data;

/// <summary>
/// A parsed task reference: <c>spam</c>, <c>spam-hard</c>, <c>glue:NAME</c> (cola, sst2, mrpc, qqp,
/// stsb, mnli, mnli-mm, qnli, rte, wnli), <c>csv:PATH</c> or <c>jsonl:PATH</c>.
/// </summary>
public sealed record TaskReference(TaskKind Kind, string? Argument = null)
{
    public const string Usage = "spam, spam-hard, glue:NAME (cola, sst2, mrpc, qqp, stsb, mnli, mnli-mm, qnli, rte, wnli), csv:PATH or jsonl:PATH";

    public static TaskReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var value = text.Trim();
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var scheme = (colon < 0 ? value : value[..colon]).ToLowerInvariant();
        var argument = colon < 0 ? null : value[(colon + 1)..];
        switch (scheme)
        {
            case "spam" when argument is null:
                return new TaskReference(TaskKind.Spam);
            case "spam-hard" when argument is null:
                return new TaskReference(TaskKind.SpamHard);
            case "glue" when !string.IsNullOrWhiteSpace(argument):
                var spec = Glue.GlueTaskSpec.Find(argument)
                    ?? throw new TaskDataException($"unknown GLUE task '{argument}'; GLUE tasks: {string.Join(", ", Glue.GlueReader.TaskNames)}.");
                return new TaskReference(TaskKind.Glue, spec.Name);
            case "csv" when !string.IsNullOrWhiteSpace(argument):
                return new TaskReference(TaskKind.Csv, argument);
            case "jsonl" when !string.IsNullOrWhiteSpace(argument):
                return new TaskReference(TaskKind.Jsonl, argument);
            default:
                throw new TaskDataException($"unknown task '{text}'; use {Usage}.");
        }
    }

    public override string ToString() => Kind switch
    {
        TaskKind.Spam => "spam",
        TaskKind.SpamHard => "spam-hard",
        TaskKind.Glue => "glue:" + Argument,
        TaskKind.Csv => "csv:" + Argument,
        _ => "jsonl:" + Argument,
    };
}
