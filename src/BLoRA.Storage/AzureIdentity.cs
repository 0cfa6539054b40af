using Azure.Core;
using Azure.Identity;

namespace BLoRA.Storage;

/// <summary>
/// How BLoRA signs in to Azure Storage when it is given a service URI instead of a connection string: Microsoft
/// Entra ID through <see cref="DefaultAzureCredential"/>, which finds AKS workload identity (the federated token
/// the webhook mounts), a managed identity, or a developer's Azure CLI login. One credential per process, so
/// tokens are cached and shared by every client.
/// </summary>
public static class AzureIdentity
{
    private static readonly Lazy<TokenCredential> Shared = new(() => new DefaultAzureCredential());

    public static TokenCredential Credential => Shared.Value;

    /// <summary>True when the URI carries a shared access signature (its own authorization).</summary>
    public static bool HasSasToken(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase);
    }
}
