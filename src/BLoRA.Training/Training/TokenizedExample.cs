namespace BLoRA.Training.Training;

/// <summary>One tokenized example: ids, token types and the label (a class index, or the target for regression).</summary>
public sealed record TokenizedExample(int[] InputIds, int[] TokenTypeIds, float Label);
