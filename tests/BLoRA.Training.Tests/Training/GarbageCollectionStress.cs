namespace BLoRA.Training.Tests.Training;

/// <summary>
/// Tests that make the whole process collect garbage without pause run alone: the collections (and the
/// scalar races they provoke, which the trainer survives by redoing work) would otherwise reach other
/// tests' training runs, some of which compare runs step for step.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GarbageCollectionStress
{
    public const string Name = "garbage collection stress";
}
