namespace BLoRA.Abstractions;

/// <summary>One problem with a spec, at a path such as <c>grid.priorStrength[2]</c>.</summary>
[GenerateSerializer, Immutable, Alias("blora.SpecProblem")]
public sealed record SpecProblem([property: Id(0)] string Path, [property: Id(1)] string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
