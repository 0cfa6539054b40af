using System.Text;

namespace BLoRA.Training.Data.Tabular;

/// <summary>A small RFC 4180 reader: header row, quoted fields with doubled quotes, commas and line breaks inside quotes.</summary>
internal static class CsvFile
{
    public static List<TabularRow> Read(string path)
    {
        var delimiter = path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
        var records = Parse(File.ReadAllText(path), delimiter, path);
        if (records.Count == 0)
        {
            throw new TaskDataException($"{path}: empty file (expected a header row naming the columns, then one example a row).");
        }

        var header = records[0].Cells;
        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new TaskDataException($"{path}:1: the header names column '{duplicate.Key}' twice.");
        }

        var rows = new List<TabularRow>();
        foreach (var (line, cells) in records.Skip(1))
        {
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue; // blank line
            }

            if (cells.Count != header.Count)
            {
                throw new TaskDataException(
                    $"{path}:{line}: {cells.Count} field(s) but the header has {header.Count}; quote fields that contain '{(delimiter == '\t' ? "\\t" : ",")}' or line breaks.");
            }

            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Count; i++)
            {
                values[header[i]] = cells[i];
            }

            rows.Add(new TabularRow(line, values));
        }

        return rows;
    }

    private static List<(int Line, List<string> Cells)> Parse(string text, char delimiter, string path)
    {
        var records = new List<(int, List<string>)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var quoteLine = 0;
        var i = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    line += c == '\n' ? 1 : 0;
                    cell.Append(c);
                }
            }
            else if (c == '"' && cell.Length == 0)
            {
                quoted = true;
                quoteLine = line;
            }
            else if (c == delimiter)
            {
                cells.Add(cell.ToString());
                cell.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                cells.Add(cell.ToString());
                cell.Clear();
                records.Add((recordLine, cells));
                cells = [];
                line++;
                recordLine = line;
            }
            else
            {
                cell.Append(c);
            }
        }

        if (quoted)
        {
            throw new TaskDataException($"{path}:{quoteLine}: a quoted field is never closed (a '\"' is missing).");
        }

        if (cell.Length > 0 || cells.Count > 0)
        {
            cells.Add(cell.ToString());
            records.Add((recordLine, cells));
        }

        return records;
    }
}
