namespace BLoRA.Training.Adapters.BayesianLora;

/// <summary>What whole-model BOPs per example need of an encoder's attention: layers and hidden size.</summary>
public sealed record AttentionShape(int Layers, int Hidden);
