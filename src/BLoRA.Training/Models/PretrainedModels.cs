using BLoRA.Training.Models.Loading;
using BLoRA.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>Loads pretrained encoders (and their tokenizers) from model references.</summary>
public static class PretrainedModels
{
    /// <summary>The encoder, its tokenizer and configuration named by <paramref name="reference"/>, on <paramref name="device"/> (default CPU), in eval mode.</summary>
    public static PretrainedModel Load(ModelReference reference, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var tokenizer = reference.Kind == ModelSourceKind.Embedded
            ? LoadEmbeddedTokenizer()
            : TokenizerFiles.FromDirectory(RequireDirectory(reference.Location));
        var (encoder, report) = LoadEncoder(reference, device);
        if (tokenizer.VocabularySize != encoder.Config.VocabSize)
        {
            encoder.Dispose();
            throw new ModelLoadException(
                $"{reference}: the tokenizer has {tokenizer.VocabularySize} tokens but config.json says vocab_size {encoder.Config.VocabSize}; " +
                "the vocabulary and the weights must come from the same checkpoint.");
        }

        var isSentenceTransformer = reference.Kind == ModelSourceKind.Embedded || File.Exists(Path.Combine(reference.Location, "modules.json"));
        return new PretrainedModel(reference, encoder, tokenizer, report, isSentenceTransformer);
    }

    /// <summary>Only the encoder (no tokenizer needed), on <paramref name="device"/> (default CPU), in eval mode.</summary>
    public static (BertModel Encoder, CheckpointLoadReport Report) LoadEncoder(ModelReference reference, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string source;
        BertConfig config;
        Dictionary<string, Tensor> tensors;
        if (reference.Kind == ModelSourceKind.Embedded)
        {
            var assembly = EmbeddedMiniLm.LocateAssembly();
            source = $"{reference} ({assembly})";
            config = BertConfig.MiniLmL6;
            var graph = OnnxGraph.Parse(ManifestResources.Read(assembly, EmbeddedMiniLm.ModelResource), source);
            tensors = OnnxBertWeights.Map(graph, source);
        }
        else
        {
            var dir = RequireDirectory(reference.Location);
            config = BertConfig.Load(Path.Combine(dir, "config.json"));
            var weights = Path.Combine(dir, "model.safetensors");
            if (!File.Exists(weights))
            {
                throw new ModelLoadException(
                    $"{dir}: no model.safetensors. Save the checkpoint with save_pretrained(DIR, safe_serialization=True); " +
                    "pytorch_model.bin is not read.");
            }

            source = weights;
            tensors = SafetensorsFile.Read(weights);
        }

        var encoder = new BertModel(config);
        try
        {
            var report = StateDictLoader.Load(encoder, tensors, source);
            encoder.eval();
            if (device is not null && device.type != DeviceType.CPU)
            {
                encoder.to(device);
            }

            return (encoder, report);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    private static TextTokenizer LoadEmbeddedTokenizer()
    {
        var vocabulary = ManifestResources.Read(EmbeddedMiniLm.LocateAssembly(), EmbeddedMiniLm.VocabularyResource);
        // all-MiniLM-L6-v2 is uncased (do_lower_case: true in its tokenizer_config.json).
        return TextTokenizer.FromVocabulary(new MemoryStream(vocabulary), lowerCase: true);
    }

    private static string RequireDirectory(string dir) =>
        Directory.Exists(dir)
            ? dir
            : throw new ModelLoadException($"{dir}: no such directory (expected a Hugging Face checkpoint directory).");
}
