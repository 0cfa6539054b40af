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
    /// ... or the account's blob service URI (<c>https://ACCOUNT.blob.core.windows.net</c>): with a SAS token in
    /// its query it is used as is; without one the store authenticates with Azure identity (<see cref="AzureCredentials"/>).
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>With <see cref="ServiceUri"/> and Azure identity: the client id of the user-assigned managed identity to use (default: DefaultAzureCredential's choice).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>AzureBlob: the container (created when missing).</summary>
    public string ContainerName { get; set; } = "blora-artifacts";

    /// <summary>The store's kind and location for messages, without the connection string's key or a SAS signature.</summary>
    public override string ToString() => Kind == ArtifactStoreKind.Local
        ? $"Local {LocalDirectory}"
        : $"AzureBlob {(ServiceUri is { } u ? AzureCredentials.Redacted(u) + (AzureCredentials.HasSasToken(u) ? " (SAS)" : " (Azure identity)") : "(connection string)")} container {ContainerName}";
}
