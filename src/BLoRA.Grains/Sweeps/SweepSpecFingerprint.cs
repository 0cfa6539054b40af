using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using BLoRA.Abstractions;

namespace BLoRA.Grains.Sweeps;

/// <summary>
/// A stable hash of a spec's content (dictionaries in ordinal key order), so that "the same spec"
/// means the same content, whatever collection instances carry it.
/// </summary>
public static class SweepSpecFingerprint
{
    public static string Compute(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("name", spec.Name);
            w.WriteString("modelRef", spec.ModelRef);
            w.WriteString("taskRef", spec.TaskRef);
            WriteMap(w, "options", spec.Options);
            w.WriteStartObject("grid");
            w.WriteStartArray("priorStrength");
            foreach (var v in spec.Grid.PriorStrength)
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
            w.WriteStartArray("bopBudget");
            foreach (var v in spec.Grid.BopBudget)
            {
                if (v is { } b)
                {
                    w.WriteNumberValue(b);
                }
                else
                {
                    w.WriteNullValue();
                }
            }

            w.WriteEndArray();
            w.WriteStartArray("seeds");
            foreach (var v in spec.Grid.Seeds)
            {
                w.WriteNumberValue(v);
            }

            w.WriteEndArray();
            w.WriteStartObject("extra");
            foreach (var (axis, values) in spec.Grid.Extra.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                w.WriteStartArray(axis);
                foreach (var v in values)
                {
                    w.WriteStringValue(v);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteNumber("gpuSlotsPerTrial", spec.GpuSlotsPerTrial);
            w.WriteStartObject("earlyStopping");
            w.WriteString("kind", spec.EarlyStopping.Kind.ToString());
            w.WriteNumber("graceSteps", spec.EarlyStopping.GraceSteps);
            w.WriteNumber("reductionFactor", spec.EarlyStopping.ReductionFactor);
            w.WriteNumber("metricTolerance", spec.EarlyStopping.MetricTolerance);
            w.WriteNumber("bopsTolerance", spec.EarlyStopping.BopsTolerance);
            w.WriteEndObject();
            w.WriteNumber("maxConcurrentTrials", spec.MaxConcurrentTrials);
            w.WriteNumber("maxRetries", spec.MaxRetries);
            w.WriteNumber("referenceMetric", spec.Reference.Metric);
            w.WriteNumber("referenceRelativeBops", spec.Reference.RelativeBops);
            w.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in map.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }
}
