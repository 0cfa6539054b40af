using System.Text.Json;
using System.Text.Json.Serialization;

namespace BLoRA.Training.Adapters.Export;

/// <summary>The JSON settings of manifests and checkpoints.</summary>
public static class ExportJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
