namespace BLoRA.Storage;

/// <summary>Where artifacts go (configuration section <c>BLoRA:Artifacts</c>).</summary>
public sealed class ArtifactStoreOptions
{
    public const string SectionName = "BLoRA:Artifacts";

    public ArtifactStoreKind Kind { get; set; } = ArtifactStoreKind.Local;

    /// <summary>Local: the root directory (created when missing).</summary>
    public string? LocalDirectory { get; set; }

    /// <summary>AzureBlob: a storage connection string (Azurite: <c>UseDevelopmentStorage=true</c>)...</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// ... or the account's blob service URI: with a SAS token, or without one to sign in with Microsoft Entra ID
    /// (<see cref="AzureIdentity.Credential"/>: AKS workload identity, a managed identity, the Azure CLI).
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>AzureBlob: the container (created when missing).</summary>
    public string ContainerName { get; set; } = "blora-artifacts";
}
