namespace BLoRA.Deploy.Tests.Docker;

/// <summary>One Dockerfile instruction (continuation lines joined), its stage and its line.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Stage, int Line);
