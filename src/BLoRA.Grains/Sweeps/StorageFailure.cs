using System.Globalization;

namespace BLoRA.Grains.Sweeps;

/// <summary>Writes to grain storage failing in a row: since when, how many, and the last error (for the status).</summary>
internal sealed record StorageFailure(DateTimeOffset Since, int Failures = 0, string LastError = "")
{
    public StorageFailure Add(Exception error) => this with { Failures = Failures + 1, LastError = $"{error.GetType().Name}: {FirstLine(error.Message)}" };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"storage unavailable: writes to grain storage have failed since {Since:HH:mm:ss} UTC ({Failures} attempt(s); last: {LastError}); the sweep keeps running from memory and writes again every pass");

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
