using System.Globalization;

namespace BLoRA.Training.Data;

/// <summary>Turns a label cell into a class index (by name or by index) or a regression target, with errors that say where and what is allowed.</summary>
internal static class LabelParser
{
    public static int ClassIndex(string value, IReadOnlyList<string> labels, string location)
    {
        var trimmed = value.Trim();
        for (var i = 0; i < labels.Count; i++)
        {
            if (string.Equals(labels[i], trimmed, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        if (int.TryParse(trimmed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < labels.Count)
        {
            return index;
        }

        throw new TaskDataException(
            $"{location}: unknown label '{value}'; expected one of {string.Join(", ", labels)} (or their indexes 0..{labels.Count - 1}). " +
            "Fix the row, or name the label set explicitly (labels option).");
    }

    public static float Target(string value, string location)
    {
        if (float.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var target) && float.IsFinite(target))
        {
            return target;
        }

        throw new TaskDataException($"{location}: regression target '{value}' is not a number (use '.' as the decimal separator).");
    }
}
