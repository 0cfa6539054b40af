using System.Text.Json;

namespace BLoRA.Training.Data.Tabular;

/// <summary>Reads JSON Lines: one object a line; strings, numbers and booleans become cell values.</summary>
internal static class JsonlFile
{
    public static List<TabularRow> Read(string path)
    {
        var rows = new List<TabularRow>();
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException e)
            {
                throw new TaskDataException($"{path}:{line}: not valid JSON ({e.Message}); JSON Lines needs one complete object a line.", e);
            }

            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new TaskDataException($"{path}:{line}: expected a JSON object, found {document.RootElement.ValueKind}.");
                }

                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    values[property.Name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Number => property.Value.GetRawText(),
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        JsonValueKind.Null => null,
                        _ => property.Value.GetRawText(),
                    };
                }

                rows.Add(new TabularRow(line, values));
            }
        }

        return rows;
    }
}
