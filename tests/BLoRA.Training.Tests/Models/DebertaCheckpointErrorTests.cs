using System.Text.Json.Nodes;
using BLoRA.Training.Models;

namespace BLoRA.Training.Tests.Models;

/// <summary>Broken DeBERTa checkpoints fail with a message that names the file, the tensor or key, and the fix.</summary>
public sealed class DebertaCheckpointErrorTests
{
    public DebertaCheckpointErrorTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Missing_tensors_are_named()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        // Separate position projections are parameters the shared-key checkpoint does not have.
        EditConfig(dir, c => c["share_att_key"] = false);

        var error = Assert.Throws<ModelLoadException>(() => PretrainedModels.LoadEncoder(ModelReference.Parse(dir.Path)));

        Assert.Contains(dir.File("model.safetensors"), error.Message, StringComparison.Ordinal);
        Assert.Contains("encoder.layer.0.attention.self.pos_key_proj.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("encoder.layer.0.attention.self.pos_query_proj.weight", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_mismatch_names_the_tensor_and_both_shapes()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        EditConfig(dir, c => c["position_buckets"] = 16);

        var error = Assert.Throws<ModelLoadException>(() => PretrainedModels.LoadEncoder(ModelReference.Parse(dir.Path)));

        Assert.Contains("'encoder.rel_embeddings.weight' has shape [64, 64] in the checkpoint", error.Message, StringComparison.Ordinal);
        Assert.Contains("expects [32, 64]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_settings_name_their_config_keys()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        EditConfig(dir, c =>
        {
            c["conv_kernel_size"] = 3;
            c["pos_att_type"] = "c2p|p2p";
        });

        var error = Assert.Throws<ModelLoadException>(() => PretrainedModels.Load(ModelReference.Parse(dir.Path)));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("conv_kernel_size 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("pos_att_type [p2p]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenizer_with_more_ids_than_embedding_rows_is_refused()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        File.WriteAllText(dir.File("added_tokens.json"), """{"[MASK]": 1000}""");

        var error = Assert.Throws<ModelLoadException>(() => PretrainedModels.Load(ModelReference.Parse(dir.Path)));

        Assert.Contains("the tokenizer has 1001 tokens but config.json says vocab_size 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deberta_v1_config_is_not_taken_for_deberta_v2()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        EditConfig(dir, c => c["model_type"] = "deberta");

        var error = Assert.Throws<ModelLoadException>(() => PretrainedModels.LoadEncoder(ModelReference.Parse(dir.Path)));

        Assert.Contains("model_type 'deberta' is not implemented", error.Message, StringComparison.Ordinal);
        Assert.Contains("'deberta-v2'", error.Message, StringComparison.Ordinal);
    }

    private static void EditConfig(TestPaths.TempDirectory dir, Action<JsonNode> edit)
    {
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!;
        edit(config);
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());
    }
}
