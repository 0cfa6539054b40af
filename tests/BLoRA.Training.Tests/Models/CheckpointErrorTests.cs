using System.Text.Json.Nodes;
using BLoRA.Training.Models;
using BLoRA.Training.Models.Loading;

namespace BLoRA.Training.Tests.Models;

/// <summary>Broken references and checkpoints fail with a message that names the file, the tensor and the fix.</summary>
public sealed class CheckpointErrorTests
{
    public CheckpointErrorTests() => TorchFixture.EnsureLoaded();

    [Theory]
    [InlineData("embedded:bert-large", "unknown embedded model")]
    [InlineData("s3:bucket/model", "unknown model reference")]
    [InlineData("/no/such/checkpoint", "no such directory")]
    [InlineData("", "empty model reference")]
    [InlineData("hf:", "names no directory")]
    public void Unknown_references_list_the_accepted_forms(string text, string message)
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelReference.Parse(text));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_reference_is_case_insensitive_and_canonical()
    {
        var reference = ModelReference.Parse("Embedded:MiniLM");

        Assert.Equal(ModelSourceKind.Embedded, reference.Kind);
        Assert.Equal(ModelReference.EmbeddedMiniLm, reference.ToString());
        Assert.Equal(ModelReference.Default, reference);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        using var dir = CopyOfBertTiny();
        File.Delete(dir.File("model.safetensors"));
        Assert.Contains("no model.safetensors", Load(dir).Message, StringComparison.Ordinal);

        File.Delete(dir.File("config.json"));
        Assert.Contains("config.json: not found", Load(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_safetensors_names_the_first_tensor_cut_off()
    {
        using var dir = CopyOfBertTiny();
        var bytes = File.ReadAllBytes(dir.File("model.safetensors"));
        File.WriteAllBytes(dir.File("model.safetensors"), bytes[..(bytes.Length - 1000)]);

        var error = Load(dir);

        Assert.Contains("truncated safetensors file: tensor '", error.Message, StringComparison.Ordinal);
        Assert.Contains(dir.File("model.safetensors"), error.Message, StringComparison.Ordinal);

        File.WriteAllBytes(dir.File("model.safetensors"), bytes[..6]);
        Assert.Contains("shorter than its 8-byte header length", Load(dir).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_mismatch_names_the_tensor_and_both_shapes()
    {
        using var dir = CopyOfBertTiny();
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!;
        config["intermediate_size"] = 256;
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());

        var error = Load(dir);

        Assert.Contains("intermediate.dense.", error.Message, StringComparison.Ordinal);
        Assert.Contains("[128", error.Message, StringComparison.Ordinal);
        Assert.Contains("[256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_configs_name_the_key()
    {
        using var dir = CopyOfBertTiny();
        var config = JsonNode.Parse(File.ReadAllText(dir.File("config.json")))!;
        config["model_type"] = "roberta";
        config["hidden_act"] = "mish";
        File.WriteAllText(dir.File("config.json"), config.ToJsonString());

        var error = Load(dir);

        Assert.Contains("model_type 'roberta'", error.Message, StringComparison.Ordinal);
        Assert.Contains("hidden_act 'mish'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Task_checkpoints_with_a_bert_prefix_load_and_report_their_extra_tensors()
    {
        using var dir = CopyOfBertTiny();
        var (original, _) = PretrainedModels.LoadEncoder(ModelReference.Parse(TestPaths.BertTiny));
        using (original)
        {
            // Re-save as BertForSequenceClassification would: "bert." prefix plus a classifier head.
            var tensors = original.state_dict().ToDictionary(kv => "bert." + kv.Key, kv => kv.Value);
            using var head = TorchSharp.torch.zeros(2, 64);
            tensors["classifier.weight"] = head;
            WriteSafetensors(dir.File("model.safetensors"), tensors);
        }

        var (encoder, report) = PretrainedModels.LoadEncoder(ModelReference.Parse(dir.Path));
        using (encoder)
        {
            Assert.Equal(39, report.Loaded);
            Assert.Equal(["classifier.weight"], report.Ignored);
        }
    }

    [Fact]
    public void Truncated_or_foreign_onnx_is_reported()
    {
        var onnx = ManifestResources.Read(EmbeddedMiniLm.LocateAssembly(), EmbeddedMiniLm.ModelResource);

        var truncated = Assert.Throws<ModelLoadException>(() => OnnxGraph.Parse(onnx[..(onnx.Length / 2)], "model.onnx"));
        Assert.Contains("model.onnx: not a readable ONNX model, truncated or corrupt", truncated.Message, StringComparison.Ordinal);

        var notOnnx = Assert.Throws<ModelLoadException>(() => OnnxGraph.Parse("hello"u8.ToArray(), "x.onnx"));
        Assert.Contains("x.onnx", notOnnx.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<ModelLoadException>(() => ManifestResources.Read(EmbeddedMiniLm.LocateAssembly(), "nope.onnx"));
        Assert.Contains("has no embedded resource 'nope.onnx'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vocabulary_size_must_match_the_config()
    {
        using var dir = CopyOfBertTiny();
        File.WriteAllLines(dir.File("vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a"]);

        var error = Assert.Throws<ModelLoadException>(() => PretrainedModels.Load(ModelReference.Parse(dir.Path)));

        Assert.Contains("the tokenizer has 6 tokens but config.json says vocab_size 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_checkpoint_directory_loads_with_its_tokenizer()
    {
        using var dir = CopyOfBertTiny();
        File.WriteAllLines(dir.File("vocab.txt"), ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. Enumerable.Range(0, 995).Select(i => $"w{i}")]);

        using var model = PretrainedModels.Load(ModelReference.Parse("hf:" + dir.Path));

        Assert.Equal(1000, model.Tokenizer.VocabularySize);
        Assert.True(model.Tokenizer.LowerCase);
        Assert.Equal(Pooling.Pooler, model.RecommendedPooling);
        Assert.Equal(64, model.Config.HiddenSize);
        Assert.Equal([2, 5 + 7, 5 + 3, 3], model.Tokenizer.Encode("w7 w3", null, 16).InputIds);
    }

    private static ModelLoadException Load(TestPaths.TempDirectory dir) =>
        Assert.Throws<ModelLoadException>(() => PretrainedModels.LoadEncoder(ModelReference.Parse(dir.Path)));

    private static TestPaths.TempDirectory CopyOfBertTiny()
    {
        var dir = TestPaths.CreateTemp();
        foreach (var file in Directory.GetFiles(TestPaths.BertTiny))
        {
            File.Copy(file, dir.File(Path.GetFileName(file)));
        }

        return dir;
    }

    /// <summary>Writes float32 tensors in the safetensors format (8-byte header length, JSON header, data).</summary>
    private static void WriteSafetensors(string path, Dictionary<string, TorchSharp.torch.Tensor> tensors)
    {
        var header = new JsonObject();
        var data = new List<byte>();
        foreach (var (name, value) in tensors)
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(value.contiguous().data<float>().ToArray().AsSpan()).ToArray();
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray([.. value.shape.Select(d => (JsonNode)d)]),
                ["data_offsets"] = new JsonArray(data.Count, data.Count + bytes.Length),
            };
            data.AddRange(bytes);
        }

        var json = System.Text.Encoding.UTF8.GetBytes(header.ToJsonString());
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(json);
        file.Write(data.ToArray());
    }
}
