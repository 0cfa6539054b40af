using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using BLoRA.Cli.Tests.Security;
using BLoRA.Hosting.Security;

namespace BLoRA.Hosting.Tests.Security;

/// <summary>TLS options, certificate loading (files and the X509 store) and the remote-certificate rule.</summary>
public sealed class ClusterTlsTests : IDisposable
{
    private const string Password = "tls-unit-secret-42";
    private readonly string dir = Directory.CreateTempSubdirectory("blora-tls-unit-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void Every_tls_problem_names_its_key()
    {
        var options = new ClusterTlsOptions
        {
            Mode = TlsMode.MutualTls,
            CertificatePath = Path.Combine(dir, "missing.pfx"),
            CertificateThumbprint = "not-hex",
            CertificateKeyPath = Path.Combine(dir, "key.pem"),
        };
        options.AllowedThumbprints.Add("12:34");
        var problems = ClusterTlsOptionsValidator.Problems(options, "BLoRA:Tls", forServer: true);
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Tls:CertificateThumbprint: set only one of", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Tls:CertificatePath: '", StringComparison.Ordinal) && p.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Tls:CertificateKeyPath: a PKCS#12 file carries its own key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Tls:CertificateThumbprint: 'not-hex' is not a SHA-1 thumbprint", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BLoRA:Tls:AllowedThumbprints:0:", StringComparison.Ordinal));
        Assert.Contains(ClusterTlsOptionsValidator.Problems(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificateSubject = "silo" }, "BLoRA:Tls", forServer: true),
            p => p.StartsWith("BLoRA:Tls:TrustedCaPath: MutualTls needs the cluster's CA", StringComparison.Ordinal));

        Assert.Contains(ClusterTlsOptionsValidator.Problems(new ClusterTlsOptions { Mode = TlsMode.Tls }, "BLoRA:Tls", forServer: true),
            p => p.StartsWith("BLoRA:Tls:CertificatePath: Tls needs this silo's certificate", StringComparison.Ordinal));
        Assert.Empty(ClusterTlsOptionsValidator.Problems(new ClusterTlsOptions { Mode = TlsMode.Tls }, "Cluster:Tls", forServer: false));
        Assert.Empty(ClusterTlsOptionsValidator.Problems(new ClusterTlsOptions(), "BLoRA:Tls", forServer: true));
    }

    [Fact]
    public void A_cluster_spanning_hosts_must_use_mutual_tls_unless_insecure_is_allowed()
    {
        using var ca = new TestCertificates(dir, "unit");
        var host = new SiloHostOptions { Clustering = ClusteringProvider.AzureTable, ClusteringConnectionString = "UseDevelopmentStorage=true" };
        Assert.Contains(SiloHostOptionsValidator.Problems(host, new ClusterTlsOptions()), p => p.StartsWith("BLoRA:Tls:Mode: a cluster with AzureTable clustering spans hosts and must use MutualTls", StringComparison.Ordinal));
        Assert.Contains(SiloHostOptionsValidator.Problems(host, new ClusterTlsOptions { Mode = TlsMode.Tls, CertificatePath = ca.IssuePfx("s", Password), CertificatePassword = Password }),
            p => p.Contains("without client certificates", StringComparison.Ordinal));
        Assert.Empty(SiloHostOptionsValidator.Problems(host, new ClusterTlsOptions { AllowInsecure = true }));
        Assert.Empty(SiloHostOptionsValidator.Problems(host, new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificatePath = ca.IssuePfx("m", Password), CertificatePassword = Password, TrustedCaPath = ca.CaPemPath }));
        Assert.Empty(SiloHostOptionsValidator.Problems(new SiloHostOptions(), new ClusterTlsOptions()));
    }

    [Fact]
    public void Certificates_load_from_pkcs12_pem_and_the_x509_store()
    {
        using var ca = new TestCertificates(dir, "unit");
        var pfx = Load(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificatePath = ca.IssuePfx("pfx", Password), CertificatePassword = Password, TrustedCaPath = ca.CaPemPath });
        Assert.Equal("CN=pfx", pfx.Certificate!.Subject);
        Assert.True(pfx.Certificate.HasPrivateKey);

        var (cert, key) = ca.IssuePem("pem");
        var pem = Load(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificatePath = cert, CertificateKeyPath = key, TrustedCaPath = ca.CaPemPath });
        Assert.Equal("CN=pem", pem.Certificate!.Subject);
        Assert.True(pem.Certificate.HasPrivateKey);

        // The X509 store (on Linux: the user's store under ~/.dotnet/corefx): by thumbprint and by subject.
        using var issued = ca.Issue("store-" + Guid.NewGuid().ToString("N")[..8]);
        using var exportable = X509CertificateLoader.LoadPkcs12(issued.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable | X509KeyStorageFlags.PersistKeySet);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(exportable);
        try
        {
            var byThumbprint = Load(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificateThumbprint = exportable.Thumbprint.ToLowerInvariant(), TrustedCaPath = ca.CaPemPath });
            Assert.Equal(exportable.Thumbprint, byThumbprint.Certificate!.Thumbprint);
            var bySubject = Load(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificateSubject = exportable.GetNameInfo(X509NameType.SimpleName, false), TrustedCaPath = ca.CaPemPath });
            Assert.Equal(exportable.Thumbprint, bySubject.Certificate!.Thumbprint);
        }
        finally
        {
            store.Remove(exportable);
        }

        var missing = Assert.Throws<TlsCertificateException>(() => Load(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificateThumbprint = new string('A', 40), TrustedCaPath = ca.CaPemPath }));
        Assert.Contains("BLoRA:Tls:CertificateThumbprint: no current certificate", missing.Message, StringComparison.Ordinal);
        Assert.Contains("import it there or set BLoRA:Tls:StoreName", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_password_names_the_key_to_check_and_never_the_password()
    {
        using var ca = new TestCertificates(dir, "unit");
        var path = ca.IssuePfx("locked", Password);
        var error = Assert.Throws<TlsCertificateException>(() => Load(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificatePath = path, CertificatePassword = "wrong-" + Password, TrustedCaPath = ca.CaPemPath }));
        Assert.Contains("BLoRA:Tls:CertificatePath: '" + path + "' cannot be loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains("check BLoRA:Tls:CertificatePassword", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, new ClusterTlsOptions { CertificatePassword = Password }.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_certificates_must_chain_to_the_trusted_ca_and_match_the_pins()
    {
        using var ca = new TestCertificates(dir, "unit");
        using var foreign = new TestCertificates(dir, "foreign");
        using var ours = ca.Issue("ours");
        using var theirs = foreign.Issue("theirs");
        var byCa = Load(new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificatePath = ca.IssuePfx("me", Password), CertificatePassword = Password, TrustedCaPath = ca.CaPemPath });
        Assert.True(byCa.Accept(ours, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(byCa.Accept(theirs, null, SslPolicyErrors.RemoteCertificateChainErrors));

        var pinned = new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificatePath = ca.IssuePfx("me2", Password), CertificatePassword = Password, TrustedCaPath = ca.CaPemPath };
        using var other = ca.Issue("other");
        pinned.AllowedThumbprints.Add(ours.Thumbprint);
        var byPin = Load(pinned);
        Assert.True(byPin.Accept(ours, null, SslPolicyErrors.None));
        Assert.False(byPin.Accept(other, null, SslPolicyErrors.None)); // issued by the trusted CA, but not pinned

        var pinOnly = new ClusterTlsOptions { Mode = TlsMode.MutualTls, CertificatePath = ca.IssuePfx("me3", Password), CertificatePassword = Password };
        pinOnly.AllowedThumbprints.Add(theirs.Thumbprint);
        Assert.True(Load(pinOnly).Accept(theirs, null, SslPolicyErrors.RemoteCertificateChainErrors)); // pinned: no CA needed
    }

    private static ClusterTlsCredentials Load(ClusterTlsOptions options)
    {
        Assert.Empty(ClusterTlsOptionsValidator.Problems(options, ClusterTlsOptions.SectionName, forServer: true));
        return ClusterTlsCredentials.Load(options, ClusterTlsOptions.SectionName);
    }
}
