namespace BLoRA.Training.Models.Loading;

/// <summary>One ONNX initializer: its name, dims, ONNX data type and float data (null when not float32).</summary>
internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, float[]? FloatData)
{
    public const int Float32 = 1;
}
