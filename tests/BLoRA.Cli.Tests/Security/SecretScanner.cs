namespace BLoRA.Cli.Tests.Security;

/// <summary>Finds secrets in captured text: each finding names where, which secret (by its first characters) and the surrounding text.</summary>
internal static class SecretScanner
{
    public static List<string> Find(IEnumerable<(string Where, string Text)> outputs, IReadOnlyList<string> secrets)
    {
        var findings = new List<string>();
        foreach (var (where, text) in outputs)
        {
            foreach (var secret in secrets.Where(s => s.Length > 0))
            {
                var at = text.IndexOf(secret, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var start = Math.Max(0, at - 80);
                    var around = text.Substring(start, Math.Min(text.Length - start, secret.Length + 160)).Replace(secret, "<SECRET>", StringComparison.Ordinal);
                    findings.Add($"{where}: '{secret[..Math.Min(6, secret.Length)]}...' in: {around.ReplaceLineEndings(" ")}");
                }
            }
        }

        return findings;
    }
}
