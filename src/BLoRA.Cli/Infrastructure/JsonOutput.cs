using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace BLoRA.Cli.Infrastructure;

/// <summary>`--json` output: written raw to the console's writer, never wrapped or styled, so it always parses.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Write<T>(IAnsiConsole console, T value)
    {
        ArgumentNullException.ThrowIfNull(console);
        var writer = console.Profile.Out.Writer;
        writer.WriteLine(JsonSerializer.Serialize(value, Options));
        writer.Flush();
    }
}
