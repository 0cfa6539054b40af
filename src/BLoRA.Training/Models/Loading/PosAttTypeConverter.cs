using System.Text.Json;
using System.Text.Json.Serialization;

namespace BLoRA.Training.Models.Loading;

/// <summary>
/// DeBERTa's <c>pos_att_type</c> as Hugging Face's config reads it: a list (<c>["p2c", "c2p"]</c>),
/// a <c>|</c>-separated string (<c>"p2c|c2p"</c>, older configs) or null (none).
/// </summary>
internal sealed class PosAttTypeConverter : JsonConverter<IReadOnlyList<string>>
{
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return [];
            case JsonTokenType.String:
                return Split(reader.GetString()!);
            case JsonTokenType.StartArray:
                var items = new List<string>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("pos_att_type must be a list of strings or a '|'-separated string");
                    }

                    items.AddRange(Split(reader.GetString()!));
                }

                return items;
            default:
                throw new JsonException("pos_att_type must be a list of strings or a '|'-separated string");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    private static string[] Split(string text) =>
        text.ToLowerInvariant().Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
