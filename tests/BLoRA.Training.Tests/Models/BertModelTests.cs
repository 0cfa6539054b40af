using BLoRA.Training.Adapters;
using BLoRA.Training.Models;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Models;

public sealed class BertModelTests
{
    private static readonly BertConfig Tiny = new()
    {
        VocabSize = 50,
        HiddenSize = 16,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        IntermediateSize = 32,
        MaxPositionEmbeddings = 24,
        PadTokenId = 0,
    };

    public BertModelTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Every_linear_is_an_adaptable_linear_with_its_hugging_face_name()
    {
        using var model = new BertModel(Tiny);

        var linears = model.named_modules().Where(m => m.module is AdaptableLinear).Select(m => m.name).ToList();

        string[] perLayer = ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense"];
        var expected = Enumerable.Range(0, 2).SelectMany(i => perLayer.Select(p => $"encoder.layer.{i}.{p}")).Append("pooler.dense");
        Assert.Equal(expected.Order(StringComparer.Ordinal), linears.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(model.named_modules(), m => m.module is TorchSharp.Modules.Linear);
    }

    [Fact]
    public void State_dict_keys_are_bert_models()
    {
        using var model = new BertModel(Tiny);

        var keys = model.state_dict().Keys.ToHashSet();

        Assert.Contains("embeddings.word_embeddings.weight", keys);
        Assert.Contains("embeddings.LayerNorm.weight", keys);
        Assert.Contains("encoder.layer.1.attention.output.LayerNorm.bias", keys);
        Assert.Contains("encoder.layer.0.output.dense.weight", keys);
        Assert.Contains("pooler.dense.bias", keys);
        Assert.Equal(5 + (2 * 16) + 2, keys.Count);
    }

    [Fact]
    public void Padding_does_not_change_the_outputs_of_real_tokens()
    {
        using var scope = NewDisposeScope();
        using var model = new BertModel(Tiny);
        model.eval();
        var ids = tensor(new long[] { 2, 7, 9, 11, 3 }).unsqueeze(0);
        var padded = cat([ids, zeros(1, 4, ScalarType.Int64)], 1);
        var mask = cat([ones(1, 5, ScalarType.Int64), zeros(1, 4, ScalarType.Int64)], 1);

        using (no_grad())
        {
            var plain = model.forward(ids, ones(1, 5, ScalarType.Int64), zeros(1, 5, ScalarType.Int64));
            var withPadding = model.forward(padded, mask, zeros(1, 9, ScalarType.Int64));

            Assert.True(plain.LastHiddenState.allclose(withPadding.LastHiddenState[.., ..5], rtol: 1e-5, atol: 1e-5));
            Assert.True(plain.PoolerOutput.allclose(withPadding.PoolerOutput, rtol: 1e-5, atol: 1e-5));
        }
    }

    [Fact]
    public void Rejects_mismatched_inputs_and_too_long_sequences()
    {
        using var scope = NewDisposeScope();
        using var model = new BertModel(Tiny);

        Assert.Throws<ArgumentException>(() => model.forward(zeros(2, 5, ScalarType.Int64), zeros(2, 4, ScalarType.Int64), zeros(2, 5, ScalarType.Int64)));
        Assert.Throws<ArgumentException>(() => model.forward(zeros(1, 25, ScalarType.Int64), ones(1, 25, ScalarType.Int64), zeros(1, 25, ScalarType.Int64)));
        Assert.Throws<ArgumentException>(() => new BertModel(Tiny with { HiddenSize = 18 }));
    }

    [Fact]
    public void Classifier_gives_logits_per_label_and_one_output_for_regression_with_each_pooling()
    {
        using var scope = NewDisposeScope();
        var ids = randint(1, 50, [3, 7], dtype: ScalarType.Int64);
        var mask = ones(3, 7, ScalarType.Int64);
        var types = zeros(3, 7, ScalarType.Int64);
        foreach (var pooling in Enum.GetValues<Pooling>())
        {
            using var classifier = new SequenceClassifier(new BertModel(Tiny), new ClassifierHeadOptions(3, pooling, Dropout: 0.2));
            using var regressor = new SequenceClassifier(new BertModel(Tiny), new ClassifierHeadOptions(1, pooling));

            Assert.Equal([3L, 3L], classifier.forward(ids, mask, types).shape);
            Assert.Equal([3L, 1L], regressor.forward(ids, mask, types).shape);
            Assert.Contains(classifier.named_modules(), m => m.name == "bert.encoder.layer.0.attention.self.query" && m.module is AdaptableLinear);
            Assert.Equal([[3L, 16L], [3L]], classifier.HeadParameters().Select(p => p.shape));
        }

        Assert.Throws<ArgumentException>(() => new SequenceClassifier(new BertModel(Tiny), new ClassifierHeadOptions(0)));
        Assert.Throws<ArgumentException>(() => new SequenceClassifier(new BertModel(Tiny), new ClassifierHeadOptions(2, Dropout: 1.0)));
    }

    [Fact]
    public void Mean_pooling_ignores_padding()
    {
        using var scope = NewDisposeScope();
        var hidden = tensor(new float[] { 1, 1, 3, 3, 100, 100 }, [1, 3, 2]);
        var mask = tensor(new long[] { 1, 1, 0 }, [1, 3]);

        var pooled = SequenceClassifier.MeanPool(hidden, mask);

        Assert.Equal(new float[] { 2, 2 }, pooled.data<float>().ToArray());
    }

    [Fact]
    public void Classifier_trains_end_to_end_with_gradients_reaching_adaptable_layers()
    {
        using var scope = NewDisposeScope();
        using var classifier = new SequenceClassifier(new BertModel(Tiny), new ClassifierHeadOptions(2, Pooling.Cls, Dropout: 0));
        var ids = randint(1, 50, [4, 6], dtype: ScalarType.Int64);
        var labels = tensor(new long[] { 0, 1, 0, 1 });
        using var optimizer = optim.AdamW(classifier.parameters(), 1e-2);

        var first = 0.0;
        var last = 0.0;
        for (var step = 0; step < 15; step++)
        {
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(classifier.forward(ids, ones(4, 6, ScalarType.Int64), zeros(4, 6, ScalarType.Int64)), labels);
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            first = step == 0 ? last : first;
        }

        Assert.True(last < first * 0.5, $"loss {first} -> {last}");
    }
}
