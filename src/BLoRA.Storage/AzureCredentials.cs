using Azure.Core;
using Azure.Identity;

namespace BLoRA.Storage;

/// <summary>
/// The Azure identity storage clients authenticate with when they are given a service endpoint instead of a
/// connection string: <see cref="DefaultAzureCredential"/> (workload identity, managed identity, environment,
/// Azure CLI, in that order), limited to one user-assigned managed identity when its client id is given.
/// </summary>
public static class AzureCredentials
{
    public static TokenCredential Create(string? managedIdentityClientId)
    {
        var options = new DefaultAzureCredentialOptions();
        if (!string.IsNullOrWhiteSpace(managedIdentityClientId))
        {
            options.ManagedIdentityClientId = managedIdentityClientId;
            options.WorkloadIdentityClientId = managedIdentityClientId;
        }

        return new DefaultAzureCredential(options);
    }

    /// <summary>Whether a service URI carries a shared access signature (its own credential) rather than needing Azure identity.</summary>
    public static bool HasSasToken(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.IsAbsoluteUri && uri.Query.Contains("sig=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Problems with an endpoint for Azure identity, naming <paramref name="key"/>.</summary>
    public static IEnumerable<string> EndpointProblems(Uri? uri, string key, string example)
    {
        if (uri is null)
        {
            yield break;
        }

        if (!uri.IsAbsoluteUri)
        {
            yield return $"{key}: '{Redacted(uri)}' is not an absolute URI (e.g. {example}).";
        }
        else if (uri.Scheme != Uri.UriSchemeHttps && !HasSasToken(uri))
        {
            yield return $"{key}: '{Redacted(uri)}' must use https: Azure identity tokens are only sent over HTTPS (e.g. {example}).";
        }
    }

    /// <summary>A URI fit for messages: the query (which may hold a SAS signature) is cut off.</summary>
    public static string Redacted(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var text = uri.OriginalString;
        var q = text.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? text : text[..q] + "?<redacted>";
    }

    /// <summary>Problems with a managed identity client id.</summary>
    public static IEnumerable<string> ClientIdProblems(string? clientId, string key)
    {
        if (!string.IsNullOrWhiteSpace(clientId) && !Guid.TryParse(clientId, out _))
        {
            yield return $"{key}: '{clientId}' is not a client id (a GUID: the user-assigned managed identity's client id).";
        }
    }

    /// <summary>A problem when <paramref name="connectionString"/> is not a storage connection string; the value itself (it holds the account key) is never shown.</summary>
    public static IEnumerable<string> ConnectionStringProblems(string? connectionString, string key)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            yield break;
        }

        string? problem = null;
        try
        {
            _ = new Azure.Storage.Blobs.BlobServiceClient(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            problem = $"{key}: is not a storage connection string (expected DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;EndpointSuffix=..., " +
                      "or UseDevelopmentStorage=true for Azurite); the value is not shown because it holds the account key.";
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }
}
