using System.Net;
using System.Text.RegularExpressions;

namespace BLoRA.Training.Data.Spam;

/// <summary>Visible text of an HTML fragment: scripts, styles, comments and tags removed, entities decoded.</summary>
internal static partial class HtmlText
{
    public static string Strip(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = Invisible().Replace(html, " ");
        text = BlockBreak().Replace(text, "\n");
        text = Tag().Replace(text, " ");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"<!--.*?-->|<(script|style|head)\b[^>]*>.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<(br|/p|/div|/tr|/li|/h[1-6]|/table)\b[^>]*>", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 2000)]
    private static partial Regex BlockBreak();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.None, matchTimeoutMilliseconds: 2000)]
    private static partial Regex Tag();
}
