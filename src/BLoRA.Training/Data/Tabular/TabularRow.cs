namespace BLoRA.Training.Data.Tabular;

/// <summary>One record of a CSV or JSONL file: where it starts (for error messages) and its values by column name.</summary>
internal sealed record TabularRow(int Line, IReadOnlyDictionary<string, string?> Values);
