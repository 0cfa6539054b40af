using BLoRA.Training.Adapters.BayesianLora;
using BLoRA.Training.Models;
using BLoRA.Training.Training;
using BLoRA.Training.Trials;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

/// <summary>A DeBERTa checkpoint becomes a classifier the way trials build one, and B-LoRA adapts the right modules.</summary>
public sealed class DebertaClassifierTests
{
    public DebertaClassifierTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void A_checkpoint_directory_loads_with_its_sentencepiece_tokenizer_and_makes_a_classifier()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        using var pretrained = PretrainedModels.Load(ModelReference.Parse("hf:" + dir.Path));

        Assert.IsType<DebertaModel>(pretrained.Encoder);
        Assert.IsType<DebertaConfig>(pretrained.Config);
        Assert.Equal(Pooling.Pooler, pretrained.RecommendedPooling);
        Assert.Equal([1, 5, 6, 2, 20, 2], pretrained.Tokenizer.Encode("hello world", "the", 16).InputIds);

        using var scope = NewDisposeScope();
        using var classifier = pretrained.CreateClassifier(3);
        var typed = Assert.IsType<DebertaSequenceClassifier>(classifier);
        Assert.Equal(["pooler", "classifier"], classifier.HeadPrefixes);
        Assert.Equal(0, classifier.PadTokenId);
        var names = typed.state_dict().Keys.ToList();
        Assert.Contains("deberta.encoder.layer.0.attention.self.query_proj.weight", names);
        Assert.Contains("pooler.dense.weight", names);
        Assert.Contains("classifier.bias", names);

        var (ids, mask, types) = DebertaTestModels.Batch(2, 8, padding: 2, vocab: 22);
        typed.eval();
        using (no_grad())
        {
            Assert.Equal([2L, 3L], classifier.Forward(ids, mask, types).shape);
        }
    }

    [Fact]
    public void B_lora_adapts_the_attention_projections_by_default_and_the_adalora_set_by_option()
    {
        using var scope = NewDisposeScope();
        var task = TinyTask();
        var options = new TrainerOptions { MaxSteps = 1, BatchSize = 4, MaxLength = 8 };

        using var byDefault = Classifier();
        var defaultTrainer = new BLoRATrainer(byDefault, task, new BayesianLoraConfig(), options);
        Assert.Equal(
            Enumerable.Range(0, 2).SelectMany(l => new[] { "query_proj", "key_proj", "value_proj" }.Select(m => $"deberta.encoder.layer.{l}.attention.self.{m}")).Order(),
            defaultTrainer.Blora.Adapters.Select(a => a.Name).Order());
        Assert.Equal(TargetModuleSets.DebertaAttention, defaultTrainer.Blora.Config.TargetModules);

        using var adaLora = Classifier();
        var adaLoraTrainer = new BLoRATrainer(adaLora, task, new BayesianLoraConfig { TargetModules = [TargetModuleSets.AdaLoraAlias] }, options);
        string[] suffixes = ["attention.self.query_proj", "attention.self.key_proj", "attention.self.value_proj", "attention.output.dense", "intermediate.dense", "output.dense"];
        Assert.Equal(
            Enumerable.Range(0, 2).SelectMany(l => suffixes.Select(s => $"deberta.encoder.layer.{l}.{s}")).Order(),
            adaLoraTrainer.Blora.Adapters.Select(a => a.Name).Order());
        // The head trains in full and is never adapted; the frozen encoder does not train.
        var trainable = adaLoraTrainer.Blora.Trainable().Select(t => t.Name).ToList();
        Assert.Contains("pooler.dense.weight", trainable);
        Assert.Contains("classifier.weight", trainable);
        Assert.DoesNotContain(trainable, n => n.StartsWith("deberta.", StringComparison.Ordinal) && !n.Contains(".adapter.", StringComparison.Ordinal));
    }

    [Fact]
    public void Bert_keeps_its_default_targets()
    {
        var config = new BayesianLoraConfig();

        Assert.Same(config, TargetModuleSets.Resolve(config, TargetModuleSets.BertAttention, TargetModuleSets.BertAdaLora));
        Assert.Equal(["query", "value"], TargetModuleSets.Resolve(config with { TargetModules = ["query", "value"] }, TargetModuleSets.DebertaAttention, TargetModuleSets.DebertaAdaLora).TargetModules);
        Assert.Equal(TargetModuleSets.BertAdaLora, TargetModuleSets.Resolve(config with { TargetModules = ["AdaLoRA"] }, TargetModuleSets.BertAttention, TargetModuleSets.BertAdaLora).TargetModules);
    }

    [Fact]
    public void A_trial_trains_a_deberta_checkpoint_end_to_end_in_bf16()
    {
        using var dir = DebertaTestModels.CheckpointWithTokenizer();
        var definition = new TrialDefinition
        {
            Model = dir.Path,
            Task = TrialDefinition.SyntheticTaskName,
            MaxTrainExamples = 32,
            MaxEvalExamples = 16,
            ClassifierDropout = 0.15,
            Trainer = new TrainerOptions { MaxSteps = 3, BatchSize = 8, LogEvery = 1, Precision = Precision.Bf16 },
        };

        Assert.Contains((definition with { ClassifierDropout = 1.5 }).Validate(), p => p.StartsWith("classifierDropout", StringComparison.Ordinal));
        var outcome = TrialRunner.Run(definition);

        Assert.Equal(3, outcome.Result.Steps);
        Assert.True(double.IsFinite(outcome.Result.FinalLoss), $"final loss {outcome.Result.FinalLoss}");
        Assert.All(outcome.Result.Metrics.Values, v => Assert.True(double.IsFinite(v)));
        Assert.Contains("deberta.encoder.layer.1.attention.self.value_proj", outcome.Result.Bops.Adapters.Keys);
    }

    private static DebertaSequenceClassifier Classifier()
    {
        var (encoder, _) = PretrainedModels.LoadEncoder(ModelReference.Parse(TestPaths.DebertaTiny));
        return new DebertaSequenceClassifier((DebertaModel)encoder, new ClassifierHeadOptions(2));
    }

    private static TrainingTask TinyTask()
    {
        var examples = Enumerable.Range(0, 8).Select(i => new TokenizedExample([1, 5 + i, 6, 2], [0, 0, 0, 0], i % 2)).ToList();
        return new TrainingTask("tiny", 2, Metrics.Accuracy, [Metrics.Accuracy], examples, examples);
    }
}
