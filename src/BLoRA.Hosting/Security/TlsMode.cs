namespace BLoRA.Hosting.Security;

/// <summary>How clients and silos protect their connections (configuration key <c>BLoRA:Tls:Mode</c>).</summary>
public enum TlsMode
{
    /// <summary>Plain TCP: the dev cluster on 127.0.0.1 only.</summary>
    None,

    /// <summary>Encrypted; clients verify the silos' certificate, silos do not ask clients for one.</summary>
    Tls,

    /// <summary>Encrypted; every connection (client to silo, silo to silo) presents a certificate the other side verifies. The production setting.</summary>
    MutualTls,
}
