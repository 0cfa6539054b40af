namespace BLoRA.Abstractions;

/// <summary>One stored artifact.</summary>
[GenerateSerializer, Immutable, Alias("blora.ArtifactInfo")]
public sealed record ArtifactInfo(
    [property: Id(0)] string Key,
    [property: Id(1)] long Length,
    [property: Id(2)] DateTimeOffset LastModified);
