namespace BLoRA.Training.Data;

/// <summary>
/// One example: a text (or text pair) and its label: <see cref="Label"/>, an index into the task's
/// label names, for classification; <see cref="Target"/> for regression. Both are null for unlabelled
/// examples (GLUE's test files).
/// </summary>
public sealed record TextExample(string TextA, string? TextB = null, int? Label = null, float? Target = null)
{
    public bool HasLabel => Label is not null || Target is not null;
}
