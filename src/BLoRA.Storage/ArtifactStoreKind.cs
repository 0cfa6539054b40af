namespace BLoRA.Storage;

public enum ArtifactStoreKind
{
    /// <summary>A directory on the local (or a mounted) file system.</summary>
    Local = 0,
    /// <summary>A container in Azure Blob Storage (or Azurite).</summary>
    AzureBlob = 1,
}
