using BLoRA.Training.Runtime;

namespace BLoRA.Cli.Commands;

/// <summary>What `blora doctor --json` prints.</summary>
internal sealed record DoctorReport(
    string Muxer,
    string RuntimeKind,
    string LibStdCxx,
    TorchRuntimeInfo Torch,
    bool MatmulOk,
    string Device,
    double FitFirstLoss,
    double FitLastLoss)
{
    /// <summary>The adapter fit lowered its loss at least tenfold.</summary>
    public bool FitOk => FitLastLoss < FitFirstLoss / 10;

    public bool Ok => MatmulOk && FitOk;
}
