using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// What the encoder returns: every token's last hidden state [batch, length, hidden] and the pooled
/// first token [batch, hidden]: BERT's pooler output <c>tanh(dense(h[CLS]))</c>, or for encoders
/// without a pooler in their base model (DeBERTa) the first token's last hidden state itself.
/// </summary>
public sealed record EncoderOutput(Tensor LastHiddenState, Tensor PoolerOutput);
