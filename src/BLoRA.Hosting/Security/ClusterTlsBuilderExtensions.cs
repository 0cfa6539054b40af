using Orleans.Connections.Security;

namespace BLoRA.Hosting.Security;

/// <summary>Orleans' TLS (Microsoft.Orleans.Connections.Security) on silos and clients from <see cref="ClusterTlsCredentials"/>.</summary>
public static class ClusterTlsBuilderExtensions
{
    /// <summary>
    /// TLS on the silo's inbound silo and gateway connections and on its outbound silo connections. Other
    /// silos must always present a certificate; clients only under <see cref="TlsMode.MutualTls"/>.
    /// </summary>
    public static ISiloBuilder UseClusterTls(this ISiloBuilder silo, ClusterTlsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.Mode == TlsMode.None)
        {
            return silo;
        }

        var certificate = credentials.Certificate ?? throw new ArgumentException("a silo under TLS needs its certificate", nameof(credentials));
        return silo.UseTls(certificate, o =>
        {
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.ClientCertificateMode = credentials.Mode == TlsMode.MutualTls ? RemoteCertificateMode.RequireCertificate : RemoteCertificateMode.AllowCertificate;
            o.RemoteCertificateValidation = credentials.Accept;
        });
    }

    /// <summary>TLS on the client's gateway connections: the silo's certificate is verified, and under mutual TLS the client presents its own.</summary>
    public static IClientBuilder UseClusterTls(this IClientBuilder client, ClusterTlsCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(credentials);
        if (credentials.Mode == TlsMode.None)
        {
            return client;
        }

        return client.UseTls(o =>
        {
            o.LocalCertificate = credentials.Certificate;
            o.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            o.RemoteCertificateValidation = credentials.Accept;
        });
    }
}
