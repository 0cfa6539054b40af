using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BLoRA.Hosting.Security;

/// <summary>
/// The loaded certificate and trust rules of <see cref="ClusterTlsOptions"/>: the local certificate (null for a
/// client without one), the CA certificates remote certificates must chain to, and the pinned thumbprints.
/// </summary>
public sealed class ClusterTlsCredentials
{
    private readonly X509Certificate2Collection trustedCas;
    private readonly HashSet<string> allowed;
    private readonly bool checkRevocation;

    private ClusterTlsCredentials(TlsMode mode, X509Certificate2? certificate, X509Certificate2Collection trustedCas, IEnumerable<string> allowed, bool checkRevocation)
    {
        Mode = mode;
        Certificate = certificate;
        this.trustedCas = trustedCas;
        this.allowed = new HashSet<string>(allowed.Select(ClusterTlsOptionsValidator.Normalize), StringComparer.Ordinal);
        this.checkRevocation = checkRevocation;
    }

    public TlsMode Mode { get; }

    public X509Certificate2? Certificate { get; }

    /// <summary>Loads the certificate and the CA file.</summary>
    /// <exception cref="TlsCertificateException">A file, store entry or password that does not work, naming the key to set.</exception>
    public static ClusterTlsCredentials Load(ClusterTlsOptions options, string section)
    {
        ArgumentNullException.ThrowIfNull(options);
        var s = section;
        var certificate = LoadCertificate(options, s);
        if (certificate is not null)
        {
            if (!certificate.HasPrivateKey)
            {
                throw new TlsCertificateException($"{s}: the certificate {certificate.Subject} has no private key; use a .pfx/.p12, a PEM file with its key, or set {s}:CertificateKeyPath.");
            }

            if (certificate.NotAfter < DateTime.Now || certificate.NotBefore > DateTime.Now)
            {
                throw new TlsCertificateException($"{s}: the certificate {certificate.Subject} is valid only from {certificate.NotBefore:u} to {certificate.NotAfter:u}; renew it.");
            }
        }

        var cas = new X509Certificate2Collection();
        if (!string.IsNullOrWhiteSpace(options.TrustedCaPath))
        {
            try
            {
                cas.ImportFromPemFile(options.TrustedCaPath);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new TlsCertificateException($"{s}:TrustedCaPath: '{options.TrustedCaPath}' cannot be read as PEM certificates: {e.Message}", e);
            }

            if (cas.Count == 0)
            {
                throw new TlsCertificateException($"{s}:TrustedCaPath: '{options.TrustedCaPath}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
            }
        }

        return new ClusterTlsCredentials(options.Mode, certificate, cas, options.AllowedThumbprints, options.CheckRevocation);
    }

    /// <summary>
    /// Whether to accept a remote certificate: it must chain to a trusted CA (the configured ones, else the
    /// system's roots) and, when thumbprints are pinned, be one of them (pinned self-signed certificates
    /// need no CA). Host names are not compared: silos are reached by address, and trust comes from the cluster's CA.
    /// </summary>
    public bool Accept(X509Certificate2 remote, X509Chain? presented, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(remote);
        if (allowed.Count > 0 && !allowed.Contains(remote.Thumbprint.ToUpperInvariant()))
        {
            return false;
        }

        if (trustedCas.Count == 0)
        {
            return allowed.Count > 0 || (errors & ~SslPolicyErrors.RemoteCertificateNameMismatch) == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        chain.ChainPolicy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(remote);
    }

    private static X509Certificate2? LoadCertificate(ClusterTlsOptions o, string s)
    {
        if (!string.IsNullOrWhiteSpace(o.CertificatePath))
        {
            var path = o.CertificatePath;
            var extension = Path.GetExtension(path).ToLowerInvariant();
            try
            {
                if (extension is ".pfx" or ".p12")
                {
                    return X509CertificateLoader.LoadPkcs12FromFile(path, o.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
                }

                var key = string.IsNullOrWhiteSpace(o.CertificateKeyPath) ? null : o.CertificateKeyPath;
                return string.IsNullOrEmpty(o.CertificatePassword)
                    ? X509Certificate2.CreateFromPemFile(path, key)
                    : X509Certificate2.CreateFromEncryptedPemFile(path, o.CertificatePassword, key);
            }
            catch (CryptographicException e)
            {
                // The exception's message never carries the password; say which keys to check.
                var hint = extension is ".pfx" or ".p12"
                    ? $"check {s}:CertificatePassword (the PKCS#12 password; env {EnvName(s)}__CertificatePassword) and that the file is PKCS#12"
                    : $"check that it is a PEM certificate with its private key (in the file or {s}:CertificateKeyPath) and, for an encrypted key, {s}:CertificatePassword";
                throw new TlsCertificateException($"{s}:CertificatePath: '{path}' cannot be loaded ({e.Message.TrimEnd('.')}); {hint}.", e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TlsCertificateException($"{s}:CertificatePath: '{path}' cannot be read: {e.Message}", e);
            }
        }

        if (string.IsNullOrWhiteSpace(o.CertificateThumbprint) && string.IsNullOrWhiteSpace(o.CertificateSubject))
        {
            return null;
        }

        using var store = new X509Store(o.StoreName, o.StoreLocation);
        try
        {
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
        }
        catch (CryptographicException e)
        {
            throw new TlsCertificateException($"{s}:StoreName: the store {o.StoreLocation}/{o.StoreName} cannot be opened: {e.Message}", e);
        }

        var found = !string.IsNullOrWhiteSpace(o.CertificateThumbprint)
            ? store.Certificates.Find(X509FindType.FindByThumbprint, ClusterTlsOptionsValidator.Normalize(o.CertificateThumbprint), validOnly: false)
            : store.Certificates.Find(X509FindType.FindBySubjectName, o.CertificateSubject!, validOnly: false);
        var match = found.Where(c => c.HasPrivateKey && c.NotAfter > DateTime.Now).OrderByDescending(c => c.NotAfter).FirstOrDefault();
        return match ?? throw new TlsCertificateException(
            $"{(string.IsNullOrWhiteSpace(o.CertificateThumbprint) ? $"{s}:CertificateSubject: no current certificate with a private key for subject '{o.CertificateSubject}'" : $"{s}:CertificateThumbprint: no current certificate with a private key and thumbprint {o.CertificateThumbprint}")}" +
            $" in the store {o.StoreLocation}/{o.StoreName} ({found.Count} found); import it there or set {s}:StoreName / {s}:StoreLocation.");
    }

    private static string EnvName(string section) => section.Replace(":", "__", StringComparison.Ordinal);
}
