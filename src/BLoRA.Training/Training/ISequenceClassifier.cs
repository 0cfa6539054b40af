using BLoRA.Training.Adapters.BayesianLora;
using static TorchSharp.torch;

namespace BLoRA.Training.Training;

/// <summary>An encoder with a task head, as the trainer sees it.</summary>
public interface ISequenceClassifier : IDisposable
{
    /// <summary>The root module: adapters are injected into it by module name.</summary>
    nn.Module Root { get; }

    /// <summary>Module-name prefixes of the task head (trained with the adapters).</summary>
    IReadOnlyList<string> HeadPrefixes { get; }

    /// <summary>Layers and hidden size for whole-model BOPs per example, when known.</summary>
    AttentionShape? Attention { get; }

    /// <summary>The id padded batches use.</summary>
    int PadTokenId { get; }

    /// <summary>What B-LoRA adapts when the config's targets are left at their default (BERT: query, key, value).</summary>
    IReadOnlyList<string> DefaultTargetModules => TargetModuleSets.BertAttention;

    /// <summary>What the <c>adalora</c> target stands for on this model.</summary>
    IReadOnlyList<string> AdaLoraTargetModules => TargetModuleSets.BertAdaLora;

    /// <summary>Logits [batch, labels] (or [batch, 1] for regression).</summary>
    Tensor Forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds);
}
