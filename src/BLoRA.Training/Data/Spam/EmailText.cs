using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace BLoRA.Training.Data.Spam;

/// <summary>
/// The text a classifier should see of a raw RFC 822 message: the Subject (RFC 2047 words decoded)
/// and the body's text parts (MIME decoded by MimeKit: multiparts, quoted-printable, base64,
/// charsets), preferring text/plain and falling back to HTML with tags stripped. Other headers and
/// attachments are dropped; whitespace is collapsed.
/// </summary>
internal static partial class EmailText
{
    public static (string Subject, string Body) Extract(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        // mbox files start each message with a "From sender date" line, which is not a header.
        if (raw.StartsWith("From ", StringComparison.Ordinal))
        {
            var newline = raw.IndexOf('\n', StringComparison.Ordinal);
            raw = newline < 0 ? string.Empty : raw[(newline + 1)..];
        }

        MimeMessage message;
        using (var stream = new MemoryStream(Encoding.UTF8.GetBytes(raw)))
        {
            message = MimeMessage.Load(stream);
        }

        using (message)
        {
            var plain = new List<string>();
            var html = new List<string>();
            foreach (var part in message.BodyParts.OfType<TextPart>())
            {
                if (part.IsAttachment)
                {
                    continue;
                }

                string text;
                try
                {
                    text = part.Text ?? string.Empty;
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or DecoderFallbackException)
                {
                    continue; // an undecodable part: keep the rest of the message
                }

                if (part.IsHtml)
                {
                    html.Add(HtmlText.Strip(text));
                }
                else if (part.IsPlain || part.IsEnriched || part.IsFlowed)
                {
                    plain.Add(text);
                }
            }

            var body = plain.Count > 0 ? string.Join("\n", plain) : string.Join("\n", html);
            return (Collapse(message.Subject ?? string.Empty), Collapse(body));
        }
    }

    /// <summary>Runs of white space (line breaks included) as one space, trimmed.</summary>
    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+", RegexOptions.None, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Whitespace();
}
