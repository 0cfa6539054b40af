namespace BLoRA.Training.Data.Tabular;

/// <summary>The file formats of <c>csv:</c> and <c>jsonl:</c> tasks.</summary>
public enum TabularFormat
{
    /// <summary>RFC 4180 CSV with a header row (a .tsv file is read tab-separated).</summary>
    Csv,

    /// <summary>JSON Lines: one JSON object per line.</summary>
    Jsonl,
}
