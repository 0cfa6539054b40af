namespace BLoRA.Training.Data;

/// <summary>The kinds of task reference.</summary>
public enum TaskKind
{
    /// <summary><c>spam</c>: SpamAssassin spam against all ham (easy and hard).</summary>
    Spam,

    /// <summary><c>spam-hard</c>: SpamAssassin spam against hard ham only.</summary>
    SpamHard,

    /// <summary><c>glue:NAME</c> with the GLUE files under the data directory.</summary>
    Glue,

    /// <summary><c>csv:PATH</c>: a CSV (or TSV) file, or a folder with train/validation/test files.</summary>
    Csv,

    /// <summary><c>jsonl:PATH</c>: a JSON Lines file, or a folder with train/validation/test files.</summary>
    Jsonl,
}
