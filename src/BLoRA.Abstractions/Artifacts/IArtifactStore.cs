namespace BLoRA.Abstractions;

/// <summary>
/// Where trials and sweeps keep their files: checkpoints, final adapters, results and frontiers.
/// Keys are relative '/'-separated paths (<see cref="ArtifactKeys"/>); implementations: Azure Blob
/// Storage and a local directory (BLoRA.Storage).
/// </summary>
public interface IArtifactStore
{
    /// <summary>Writes (or overwrites) <paramref name="key"/> with the rest of <paramref name="content"/>.</summary>
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>Opens <paramref name="key"/> for reading; null when there is no such artifact. The caller disposes the stream.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Every artifact whose key starts with <paramref name="prefix"/>, in ordinal key order.</summary>
    IAsyncEnumerable<ArtifactInfo> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Deletes <paramref name="key"/>; false when it did not exist.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
