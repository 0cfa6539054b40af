using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>What the encoder returns: every token's last hidden state [batch, length, hidden] and BERT's pooled [CLS] [batch, hidden].</summary>
public sealed record EncoderOutput(Tensor LastHiddenState, Tensor PoolerOutput);
