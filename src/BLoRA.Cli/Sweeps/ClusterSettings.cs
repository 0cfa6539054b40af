using System.ComponentModel;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Sweeps;

/// <summary>Options every command that talks to a cluster takes.</summary>
internal class ClusterSettings : CommandSettings
{
    [CommandOption("--cluster <HOST:PORT>")]
    [Description("Gateway(s) of the cluster (default: BLORA_CLUSTER, then Cluster:Gateway in the config file, then 127.0.0.1:30000).")]
    public string? Cluster { get; init; }

    [CommandOption("--tls-cert <FILE>")]
    [Description("This client's certificate for a cluster with mutual TLS (.pfx/.p12, or .pem with --tls-key); its password from Cluster:Tls:CertificatePassword or BLORA_Cluster__Tls__CertificatePassword. Default: Cluster:Tls in the config file.")]
    public string? TlsCertificate { get; init; }

    [CommandOption("--tls-key <FILE>")]
    [Description("The PEM private key of a PEM --tls-cert.")]
    public string? TlsKey { get; init; }

    [CommandOption("--tls-ca <FILE>")]
    [Description("PEM file of the CA that issues the cluster's certificates (turns TLS on; the silos' certificates must chain to it).")]
    public string? TlsCa { get; init; }

    [CommandOption("--json")]
    [Description("Print JSON instead of tables.")]
    public bool Json { get; init; }
}
