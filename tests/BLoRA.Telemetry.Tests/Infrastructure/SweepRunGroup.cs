namespace BLoRA.Telemetry.Tests.Infrastructure;

/// <summary>The trace and metric tests read one sweep run.</summary>
[CollectionDefinition(Name)]
public sealed class SweepRunGroup : ICollectionFixture<SweepRunFixture>
{
    public const string Name = "sweep run";
}
