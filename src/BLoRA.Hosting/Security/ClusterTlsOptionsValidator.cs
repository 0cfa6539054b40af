using Microsoft.Extensions.Options;

namespace BLoRA.Hosting.Security;

/// <summary>Lists every problem with <see cref="ClusterTlsOptions"/>, each naming the key to set; never echoes the password.</summary>
public sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions options)
    {
        var failures = Problems(options, ClusterTlsOptions.SectionName, forServer: true);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <param name="options">The options.</param>
    /// <param name="section">The configuration section they came from (<c>BLoRA:Tls</c> on silos, <c>Cluster:Tls</c> in the CLI).</param>
    /// <param name="forServer">A silo always needs its own certificate under TLS; a client only under mutual TLS.</param>
    public static IReadOnlyList<string> Problems(ClusterTlsOptions options, string section, bool forServer)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s = section;
        var problems = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            problems.Add($"{s}:Mode: '{options.Mode}' is not a mode; set None, Tls or MutualTls.");
            return problems;
        }

        if (options.Mode == TlsMode.None)
        {
            return problems;
        }

        var sources = new[] { ("CertificatePath", options.CertificatePath), ("CertificateThumbprint", options.CertificateThumbprint), ("CertificateSubject", options.CertificateSubject) }
            .Where(x => !string.IsNullOrWhiteSpace(x.Item2))
            .Select(x => x.Item1)
            .ToList();
        var needsCertificate = forServer || options.Mode == TlsMode.MutualTls;
        if (sources.Count == 0 && needsCertificate)
        {
            problems.Add($"{s}:CertificatePath: {options.Mode} needs this {(forServer ? "silo" : "client")}'s certificate; set {s}:CertificatePath " +
                         $"(a .pfx/.p12, or a .pem with {s}:CertificateKeyPath) or {s}:CertificateThumbprint / {s}:CertificateSubject (the X509 store).");
        }

        if (sources.Count > 1)
        {
            problems.Add($"{s}:{sources[1]}: set only one of {string.Join(", ", sources.Select(x => $"{s}:{x}"))}.");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var path = options.CertificatePath;
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (!File.Exists(path))
            {
                problems.Add($"{s}:CertificatePath: '{path}' does not exist (full path {Path.GetFullPath(path)}).");
            }
            else if (extension is not (".pfx" or ".p12" or ".pem" or ".crt" or ".cer"))
            {
                problems.Add($"{s}:CertificatePath: '{path}' is neither PKCS#12 (.pfx, .p12) nor PEM (.pem, .crt, .cer).");
            }

            if (extension is ".pfx" or ".p12" && !string.IsNullOrWhiteSpace(options.CertificateKeyPath))
            {
                problems.Add($"{s}:CertificateKeyPath: a PKCS#12 file carries its own key; remove {s}:CertificateKeyPath.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateKeyPath) && !File.Exists(options.CertificateKeyPath))
        {
            problems.Add($"{s}:CertificateKeyPath: '{options.CertificateKeyPath}' does not exist.");
        }

        if (!string.IsNullOrWhiteSpace(options.CertificateThumbprint) && !IsThumbprint(Normalize(options.CertificateThumbprint)))
        {
            problems.Add($"{s}:CertificateThumbprint: '{options.CertificateThumbprint}' is not a SHA-1 thumbprint (40 hexadecimal digits).");
        }

        if (!string.IsNullOrWhiteSpace(options.TrustedCaPath) && !File.Exists(options.TrustedCaPath))
        {
            problems.Add($"{s}:TrustedCaPath: '{options.TrustedCaPath}' does not exist; point it at the PEM file of the CA that issues the cluster's certificates.");
        }

        for (var i = 0; i < options.AllowedThumbprints.Count; i++)
        {
            if (!IsThumbprint(Normalize(options.AllowedThumbprints[i])))
            {
                problems.Add($"{s}:AllowedThumbprints:{i}: '{options.AllowedThumbprints[i]}' is not a SHA-1 thumbprint (40 hexadecimal digits).");
            }
        }

        if (options.Mode == TlsMode.MutualTls && string.IsNullOrWhiteSpace(options.TrustedCaPath) && options.AllowedThumbprints.Count == 0)
        {
            problems.Add($"{s}:TrustedCaPath: MutualTls needs the cluster's CA ({s}:TrustedCaPath) or pinned certificates ({s}:AllowedThumbprints); " +
                         "the system's public roots would admit any certificate a public CA ever issued.");
        }

        return problems;
    }

    /// <summary>A thumbprint without spaces or colons, upper case.</summary>
    public static string Normalize(string thumbprint) =>
        new string((thumbprint ?? string.Empty).Where(c => c is not (' ' or ':' or '\u200e')).ToArray()).ToUpperInvariant();

    private static bool IsThumbprint(string value) => value.Length == 40 && value.All(char.IsAsciiHexDigit);
}
