using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace BLoRA.Cli.Tests.Security;

/// <summary>A throwaway CA and the certificates it issues (ECDSA P-256), written as PKCS#12 and PEM files into a folder.</summary>
internal sealed class TestCertificates : IDisposable
{
    private readonly X509Certificate2 ca;

    public TestCertificates(string directory, string name)
    {
        Directory = directory;
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name} test CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPemPath = Path.Combine(directory, $"{name}-ca.pem");
        File.WriteAllText(CaPemPath, ca.ExportCertificatePem());
    }

    public string Directory { get; }

    public string CaPemPath { get; }

    /// <summary>Issues a certificate for server and client authentication (127.0.0.1, localhost) and writes it as a password-protected .pfx.</summary>
    public string IssuePfx(string name, string password)
    {
        using var certificate = Issue(name);
        var path = Path.Combine(Directory, $"{name}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>Issues a certificate and writes it as PEM: certificate and unencrypted key in two files.</summary>
    public (string Certificate, string Key) IssuePem(string name)
    {
        using var certificate = Issue(name);
        var cert = Path.Combine(Directory, $"{name}.crt.pem");
        var key = Path.Combine(Directory, $"{name}.key.pem");
        File.WriteAllText(cert, certificate.ExportCertificatePem());
        File.WriteAllText(key, certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
        return (cert, key);
    }

    public X509Certificate2 Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose() => ca.Dispose();
}
