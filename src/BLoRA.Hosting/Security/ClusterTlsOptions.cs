using System.Security.Cryptography.X509Certificates;

namespace BLoRA.Hosting.Security;

/// <summary>
/// TLS between clients and silos and between silos (configuration section <c>BLoRA:Tls</c> on silos,
/// <c>Cluster:Tls</c> in the CLI's configuration). The certificate comes from a file
/// (<see cref="CertificatePath"/>: PKCS#12 or PEM) or from an X509 store (<see cref="CertificateThumbprint"/>
/// or <see cref="CertificateSubject"/>). A remote certificate is accepted when it chains to one of
/// <see cref="TrustedCaPath"/>'s certificates (the system's roots when unset) and, when
/// <see cref="AllowedThumbprints"/> lists any, is one of them.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string SectionName = "BLoRA:Tls";

    public TlsMode Mode { get; set; } = TlsMode.None;

    /// <summary>The certificate file: <c>.pfx</c>/<c>.p12</c> (PKCS#12, with its key) or <c>.pem</c>/<c>.crt</c> (key in the same file or <see cref="CertificateKeyPath"/>).</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of a PEM certificate, when it is not in <see cref="CertificatePath"/> itself.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The PKCS#12 password or the encrypted PEM key's password. From the environment or a secret store; never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate's SHA-1 thumbprint in <see cref="StoreName"/>/<see cref="StoreLocation"/>.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>Or its subject name (the newest valid certificate of that subject).</summary>
    public string? CertificateSubject { get; set; }

    public StoreName StoreName { get; set; } = StoreName.My;

    public StoreLocation StoreLocation { get; set; } = StoreLocation.CurrentUser;

    /// <summary>A PEM file of the CA certificate(s) that issue the cluster's certificates; remote certificates must chain to one of them.</summary>
    public string? TrustedCaPath { get; set; }

    /// <summary>SHA-1 thumbprints of the only remote certificates accepted (pinning; on top of the chain check, or alone for self-signed certificates).</summary>
    public IList<string> AllowedThumbprints { get; } = new List<string>();

    /// <summary>Check remote certificates against their CA's revocation list (needs the CRL reachable).</summary>
    public bool CheckRevocation { get; set; }

    /// <summary>Silos only: let a cluster of several hosts (clustering other than Localhost) run without mutual TLS, e.g. on a private network you trust.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>Where the certificate comes from, for messages; never the password.</summary>
    public override string ToString() =>
        $"Mode={Mode}, Certificate={(CertificatePath ?? (CertificateThumbprint is { } t ? $"store {StoreLocation}/{StoreName} thumbprint {t}" : CertificateSubject is { } s ? $"store {StoreLocation}/{StoreName} subject {s}" : "none"))}" +
        $", Password={(string.IsNullOrEmpty(CertificatePassword) ? "unset" : "***")}, TrustedCa={TrustedCaPath ?? "system roots"}, AllowedThumbprints={AllowedThumbprints.Count}";
}
