using Google.Protobuf;

namespace BLoRA.Training.Models.Loading;

/// <summary>
/// The parts of an ONNX model that weight loading needs (its graph's nodes and initializers), read
/// with Google.Protobuf's wire-format reader; field numbers are those of onnx.proto
/// (ModelProto.graph = 7; GraphProto.node = 1, initializer = 5; NodeProto input 1, output 2, name 3,
/// op_type 4; TensorProto dims 1, data_type 2, float_data 4, name 8, raw_data 9, data_location 14).
/// </summary>
internal sealed class OnnxGraph
{
    private OnnxGraph(IReadOnlyList<OnnxNode> nodes, IReadOnlyList<OnnxTensor> initializers)
    {
        Nodes = nodes;
        Initializers = initializers;
    }

    public IReadOnlyList<OnnxNode> Nodes { get; }

    public IReadOnlyList<OnnxTensor> Initializers { get; }

    /// <summary>Parses <paramref name="bytes"/>; <paramref name="source"/> names the model in errors.</summary>
    public static OnnxGraph Parse(byte[] bytes, string source)
    {
        try
        {
            var input = new CodedInputStream(bytes);
            OnnxGraph? graph = null;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) == 7 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                {
                    graph = ParseGraph(input.ReadBytes());
                }
                else
                {
                    input.SkipLastField();
                }
            }

            return graph ?? throw new ModelLoadException($"{source}: an ONNX model without a graph (is it an ONNX file?).");
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelLoadException($"{source}: not a readable ONNX model, truncated or corrupt ({e.Message}).", e);
        }
    }

    private static OnnxGraph ParseGraph(ByteString bytes)
    {
        var nodes = new List<OnnxNode>();
        var initializers = new List<OnnxTensor>();
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    nodes.Add(ParseNode(input.ReadBytes()));
                    break;
                case 5:
                    initializers.Add(ParseTensor(input.ReadBytes()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OnnxGraph(nodes, initializers);
    }

    private static OnnxNode ParseNode(ByteString bytes)
    {
        var inputs = new List<string>();
        var outputs = new List<string>();
        string name = string.Empty, opType = string.Empty;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    inputs.Add(input.ReadString());
                    break;
                case 2:
                    outputs.Add(input.ReadString());
                    break;
                case 3:
                    name = input.ReadString();
                    break;
                case 4:
                    opType = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OnnxNode(opType, name, inputs, outputs);
    }

    private static OnnxTensor ParseTensor(ByteString bytes)
    {
        var dims = new List<long>();
        var floats = new List<float>();
        ByteString? raw = null;
        var dataType = 0;
        var name = string.Empty;
        var external = false;
        var input = bytes.CreateCodedInput();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var packed = WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1 when packed:
                    ReadPacked(input, r => dims.Add(r.ReadInt64()));
                    break;
                case 1:
                    dims.Add(input.ReadInt64());
                    break;
                case 2:
                    dataType = input.ReadInt32();
                    break;
                case 4 when packed:
                    ReadPacked(input, r => floats.Add(r.ReadFloat()));
                    break;
                case 4:
                    floats.Add(input.ReadFloat());
                    break;
                case 8:
                    name = input.ReadString();
                    break;
                case 9:
                    raw = input.ReadBytes();
                    break;
                case 14:
                    external = input.ReadEnum() == 1;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        if (external)
        {
            throw new ModelLoadException($"initializer '{name}' keeps its data in an external file, which this reader does not follow.");
        }

        float[]? data = null;
        if (dataType == OnnxTensor.Float32)
        {
            data = raw is not null ? ToFloats(raw, name) : [.. floats];
            var expected = dims.Aggregate(1L, (a, b) => a * b);
            if (data.Length != expected)
            {
                throw new ModelLoadException(
                    $"initializer '{name}' has {data.Length} values but its shape [{string.Join(", ", dims)}] needs {expected} (truncated or corrupt).");
            }
        }

        return new OnnxTensor(name, [.. dims], dataType, data);
    }

    private static float[] ToFloats(ByteString raw, string name)
    {
        if (raw.Length % sizeof(float) != 0)
        {
            throw new ModelLoadException($"initializer '{name}': raw_data of {raw.Length} bytes is not a whole number of float32 values.");
        }

        // ONNX raw_data is little-endian, as is every platform TorchSharp runs on.
        var values = new float[raw.Length / sizeof(float)];
        raw.Span.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }

    private static void ReadPacked(CodedInputStream input, Action<CodedInputStream> readOne)
    {
        var packed = input.ReadBytes().CreateCodedInput();
        while (!packed.IsAtEnd)
        {
            readOne(packed);
        }
    }
}
