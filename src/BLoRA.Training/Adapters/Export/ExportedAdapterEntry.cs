namespace BLoRA.Training.Adapters.Export;

/// <summary>One adapted module in an export manifest. Activation quantizers (x, u, v) keep their bits and step only.</summary>
public sealed record ExportedAdapterEntry(
    string Module,
    long InFeatures,
    long OutFeatures,
    int InitialRank,
    int LiveRank,
    double Scale,
    IReadOnlyList<QuantizedTensorEntry> Tensors,
    IReadOnlyDictionary<string, ActivationQuantEntry> Activations);
