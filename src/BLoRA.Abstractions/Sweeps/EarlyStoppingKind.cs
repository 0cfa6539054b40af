namespace BLoRA.Abstractions;

/// <summary>Which early-stopping rule a sweep uses.</summary>
[GenerateSerializer, Alias("blora.EarlyStoppingKind")]
public enum EarlyStoppingKind
{
    None = 0,
    Asha = 1,
}
