using BLoRA.Training.Runtime;

namespace BLoRA.Cli.Commands;

/// <summary>What `blora doctor --json` prints.</summary>
internal sealed record DoctorReport(string Muxer, string RuntimeKind, string LibStdCxx, TorchRuntimeInfo Torch, bool MatmulOk);
