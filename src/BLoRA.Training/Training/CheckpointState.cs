using BLoRA.Training.Adapters.BayesianLora;

namespace BLoRA.Training.Training;

/// <summary>checkpoint.json: the resolved configuration, where training stood, and each file's SHA-256.</summary>
public sealed record CheckpointState(
    string Format,
    BayesianLoraConfig Config,
    TrainerOptions Options,
    int Step,
    int TotalSteps,
    double BudgetMultiplier,
    IReadOnlyDictionary<string, string> Sha256)
{
    public const string CurrentFormat = "blora-checkpoint/1";
}
