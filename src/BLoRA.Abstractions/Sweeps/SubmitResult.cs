using System.Collections.Immutable;

namespace BLoRA.Abstractions;

/// <summary>The answer to a submit: the outcome, the number of trials, and every problem when invalid.</summary>
[GenerateSerializer, Immutable, Alias("blora.SubmitResult")]
public sealed record SubmitResult(
    [property: Id(0)] string SweepId,
    [property: Id(1)] SubmitOutcome Outcome,
    [property: Id(2)] int Trials,
    [property: Id(3)] ImmutableArray<SpecProblem> Problems,
    [property: Id(4)] string Message)
{
    public bool Accepted => Outcome is SubmitOutcome.Created or SubmitOutcome.AlreadySubmitted;
}
