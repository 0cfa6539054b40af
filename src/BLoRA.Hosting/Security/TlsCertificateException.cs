namespace BLoRA.Hosting.Security;

/// <summary>The TLS certificate or CA could not be loaded; the message names the key and the file, never the password.</summary>
public sealed class TlsCertificateException : Exception
{
    public TlsCertificateException()
    {
    }

    public TlsCertificateException(string message)
        : base(message)
    {
    }

    public TlsCertificateException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
