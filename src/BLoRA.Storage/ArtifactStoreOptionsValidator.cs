using Microsoft.Extensions.Options;

namespace BLoRA.Storage;

/// <summary>Lists every problem with <see cref="ArtifactStoreOptions"/>, each naming the key to set.</summary>
public sealed class ArtifactStoreOptionsValidator : IValidateOptions<ArtifactStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, ArtifactStoreOptions options)
    {
        var failures = Problems(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Problems(ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = ArtifactStoreOptions.SectionName;
        var failures = new List<string>();
        switch (options.Kind)
        {
            case ArtifactStoreKind.Local:
                if (string.IsNullOrWhiteSpace(options.LocalDirectory))
                {
                    failures.Add($"{S}:LocalDirectory: is empty; set the directory that holds artifacts (Kind is Local).");
                }

                break;
            case ArtifactStoreKind.AzureBlob:
                if (string.IsNullOrWhiteSpace(options.ConnectionString) && options.ServiceUri is null)
                {
                    failures.Add($"{S}:ConnectionString: is empty and so is {S}:ServiceUri; set one: a connection string (Azurite: UseDevelopmentStorage=true) " +
                                 $"or the blob endpoint (https://ACCOUNT.blob.core.windows.net, with Azure identity, or with a SAS token).");
                }

                if (!string.IsNullOrWhiteSpace(options.ConnectionString) && options.ServiceUri is not null)
                {
                    failures.Add($"{S}:ServiceUri: set either it or {S}:ConnectionString, not both.");
                }

                failures.AddRange(AzureCredentials.ConnectionStringProblems(options.ConnectionString, $"{S}:ConnectionString"));
                failures.AddRange(AzureCredentials.EndpointProblems(options.ServiceUri, $"{S}:ServiceUri", "https://ACCOUNT.blob.core.windows.net"));
                failures.AddRange(AzureCredentials.ClientIdProblems(options.ManagedIdentityClientId, $"{S}:ManagedIdentityClientId"));

                var c = options.ContainerName;
                if (string.IsNullOrEmpty(c) || c.Length is < 3 or > 63 || !c.All(ch => char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-') ||
                    c[0] == '-' || c[^1] == '-' || c.Contains("--", StringComparison.Ordinal))
                {
                    failures.Add($"{S}:ContainerName: '{c}' is not a valid container name; use 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit.");
                }

                break;
            default:
                failures.Add($"{S}:Kind: '{options.Kind}' is not supported; set Local or AzureBlob.");
                break;
        }

        return failures;
    }
}
