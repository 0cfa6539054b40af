namespace BLoRA.Abstractions;

/// <summary>
/// Bit operations of a fine-tuned model (docs: blora-method.md section 5), with the deterministic
/// eval gates: adapter BOPs per token, their ratio to the same adapters at fp32 and initial rank,
/// and whole-model BOPs per token.
/// </summary>
[GenerateSerializer, Immutable, Alias("blora.BopsReport")]
public sealed record BopsReport(
    [property: Id(0)] double Adapter,
    [property: Id(1)] double AdapterRelative,
    [property: Id(2)] double Model);
