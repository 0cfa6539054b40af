namespace BLoRA.Training.Models.Loading;

/// <summary>One ONNX graph node: its operator, name, inputs and outputs.</summary>
internal sealed record OnnxNode(string OpType, string Name, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);
