namespace BLoRA.Training.Models;

/// <summary>
/// What loading a checkpoint into an encoder did: how many tensors were loaded, which encoder
/// parameters kept their initial values (only the pooler may), and which checkpoint tensors were not
/// encoder parameters (pre-training or task heads, position_ids buffers).
/// </summary>
public sealed record CheckpointLoadReport(int Loaded, IReadOnlyList<string> Missing, IReadOnlyList<string> Ignored)
{
    /// <summary>Whether the checkpoint carried BERT's pooler (sentence-transformers exports do not).</summary>
    public bool HasPooler => !Missing.Any(m => m.StartsWith("pooler.", StringComparison.Ordinal));
}
