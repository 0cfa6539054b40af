using BLoRA.Training.Models.Loading;
using BLoRA.Training.Tokenization;
using TorchSharp;
using static TorchSharp.torch;

namespace BLoRA.Training.Models;

/// <summary>
/// Loads pretrained encoders (and their tokenizers) from model references. A checkpoint directory's
/// config.json <c>model_type</c> picks the architecture: <c>bert</c> (BERT, MiniLM) or
/// <c>deberta-v2</c> (DeBERTa-v2 and DeBERTa-v3).
/// </summary>
public static class PretrainedModels
{
    /// <summary>The encoder, its tokenizer and configuration named by <paramref name="reference"/>, on <paramref name="device"/> (default CPU), in eval mode.</summary>
    public static PretrainedModel Load(ModelReference reference, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (encoder, config, report) = LoadWithConfig(reference, device);
        try
        {
            var tokenizer = LoadTokenizer(reference, config);
            CheckVocabulary(reference, tokenizer, config);
            var isSentenceTransformer = reference.Kind == ModelSourceKind.Embedded || File.Exists(Path.Combine(reference.Location, "modules.json"));
            return new PretrainedModel(reference, encoder, config, tokenizer, report, isSentenceTransformer);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>Only the encoder (no tokenizer needed), on <paramref name="device"/> (default CPU), in eval mode.</summary>
    public static (nn.Module<Tensor, Tensor, Tensor, EncoderOutput> Encoder, CheckpointLoadReport Report) LoadEncoder(ModelReference reference, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var (encoder, _, report) = LoadWithConfig(reference, device);
        return (encoder, report);
    }

    private static (nn.Module<Tensor, Tensor, Tensor, EncoderOutput> Encoder, IEncoderConfig Config, CheckpointLoadReport Report) LoadWithConfig(ModelReference reference, Device? device)
    {
        if (reference.Kind == ModelSourceKind.Embedded)
        {
            var assembly = EmbeddedMiniLm.LocateAssembly();
            var source = $"{reference} ({assembly})";
            var graph = OnnxGraph.Parse(ManifestResources.Read(assembly, EmbeddedMiniLm.ModelResource), source);
            var onnxWeights = OnnxBertWeights.Map(graph, source);
            return Build(new BertModel(BertConfig.MiniLmL6), BertConfig.MiniLmL6, onnxWeights, source, device, StateDictLoader.Load);
        }

        var dir = RequireDirectory(reference.Location);
        var configPath = Path.Combine(dir, "config.json");
        if (ConfigJson.ReadModelType(configPath) == DebertaConfig.DebertaV2ModelType)
        {
            var deberta = DebertaConfig.Load(configPath);
            var weights = ReadWeights(dir);
            return Build(new DebertaModel(deberta), deberta, weights, Path.Combine(dir, "model.safetensors"), device, StateDictLoader.Load);
        }

        // Any other model_type goes to BertConfig, whose validation lists what this build implements.
        var bert = BertConfig.Load(configPath);
        var bertWeights = ReadWeights(dir);
        return Build(new BertModel(bert), bert, bertWeights, Path.Combine(dir, "model.safetensors"), device, StateDictLoader.Load);
    }

    private static (nn.Module<Tensor, Tensor, Tensor, EncoderOutput>, IEncoderConfig, CheckpointLoadReport) Build<TModel>(
        TModel encoder, IEncoderConfig config, Dictionary<string, Tensor> tensors, string source, Device? device,
        Func<TModel, IReadOnlyDictionary<string, Tensor>, string, CheckpointLoadReport> load)
        where TModel : nn.Module<Tensor, Tensor, Tensor, EncoderOutput>
    {
        try
        {
            var report = load(encoder, tensors, source);
            encoder.eval();
            if (device is not null && device.type != DeviceType.CPU)
            {
                encoder.to(device);
            }

            return (encoder, config, report);
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

    private static Dictionary<string, Tensor> ReadWeights(string dir)
    {
        var weights = Path.Combine(dir, "model.safetensors");
        return File.Exists(weights)
            ? SafetensorsFile.Read(weights)
            : throw new ModelLoadException(
                $"{dir}: no model.safetensors. Save the checkpoint with save_pretrained(DIR, safe_serialization=True); " +
                "pytorch_model.bin is not read.");
    }

    private static ITextTokenizer LoadTokenizer(ModelReference reference, IEncoderConfig config)
    {
        if (reference.Kind == ModelSourceKind.Embedded)
        {
            var vocabulary = ManifestResources.Read(EmbeddedMiniLm.LocateAssembly(), EmbeddedMiniLm.VocabularyResource);
            // all-MiniLM-L6-v2 is uncased (do_lower_case: true in its tokenizer_config.json).
            return TextTokenizer.FromVocabulary(new MemoryStream(vocabulary), lowerCase: true);
        }

        return config is DebertaConfig
            ? SentencePieceTokenizerFiles.FromDirectory(reference.Location)
            : TokenizerFiles.FromDirectory(reference.Location);
    }

    private static void CheckVocabulary(ModelReference reference, ITextTokenizer tokenizer, IEncoderConfig config)
    {
        // DeBERTa-v3 pads its embedding matrix (128100 rows for 128001 ids); BERT's vocab.txt has exactly vocab_size lines.
        var fits = config is DebertaConfig ? tokenizer.VocabularySize <= config.VocabSize : tokenizer.VocabularySize == config.VocabSize;
        if (!fits)
        {
            throw new ModelLoadException(
                $"{reference}: the tokenizer has {tokenizer.VocabularySize} tokens but config.json says vocab_size {config.VocabSize}; " +
                "the vocabulary and the weights must come from the same checkpoint.");
        }
    }

    private static string RequireDirectory(string dir) =>
        Directory.Exists(dir)
            ? dir
            : throw new ModelLoadException($"{dir}: no such directory (expected a Hugging Face checkpoint directory).");
}
