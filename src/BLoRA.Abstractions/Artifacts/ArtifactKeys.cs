using System.Globalization;

namespace BLoRA.Abstractions;

/// <summary>
/// The artifact layout, and the rule every key follows: '/'-separated segments of letters, digits,
/// '.', '_', '-' and '=', none empty and none starting with '.', at most 1,024 characters.
/// </summary>
public static class ArtifactKeys
{
    public const int MaxKeyLength = 1024;

    public static string Sweep(string sweepId) => $"sweeps/{sweepId}";

    public static string Trial(string sweepId, string trialId) => $"sweeps/{sweepId}/trials/{trialId}";

    public static string Checkpoint(string sweepId, string trialId, long step) =>
        $"{Trial(sweepId, trialId)}/checkpoints/step-{step.ToString("D9", CultureInfo.InvariantCulture)}.ckpt";

    public static string Adapter(string sweepId, string trialId) => $"{Trial(sweepId, trialId)}/adapter.safetensors";

    public static string Result(string sweepId, string trialId) => $"{Trial(sweepId, trialId)}/result.json";

    public static string FrontierJson(string sweepId) => $"sweeps/{sweepId}/frontier.json";

    public static string FrontierCsv(string sweepId) => $"sweeps/{sweepId}/frontier.csv";

    /// <summary>Null when <paramref name="key"/> is a valid key, otherwise why not.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "an artifact key must not be empty";
        }

        if (key.Length > MaxKeyLength)
        {
            return $"artifact key is {key.Length} characters; at most {MaxKeyLength}";
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0 || segment[0] == '.')
            {
                return $"artifact key '{key}' has an empty segment or one starting with '.'";
            }

            if (!segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '='))
            {
                return $"artifact key '{key}' may hold only letters, digits, '.', '_', '-', '=' and '/'";
            }
        }

        return null;
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="key"/> is valid.</summary>
    public static string Require(string? key, string paramName = "key") =>
        Problem(key) is { } problem ? throw new ArgumentException(problem, paramName) : key!;
}
