using System.Text;
using BLoRA.Training.Data;
using BLoRA.Training.Tokenization;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Data;

public sealed class EncodedBatchTests
{
    private static readonly TextTokenizer Tokenizer = TextTokenizer.FromVocabulary(
        new MemoryStream(Encoding.UTF8.GetBytes("[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\nb\nc\nd\n")), lowerCase: true);

    public EncodedBatchTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Pads_to_the_longest_in_the_batch_with_masks_types_and_labels()
    {
        TextExample[] examples = [new("a b c", Label: 1), new("d", "a", Label: 0)];

        using var batch = EncodedBatch.Create(examples, Tokenizer, maxLength: 32, isRegression: false);

        Assert.Equal([2L, 5L], batch.InputIds.shape);
        Assert.Equal(new long[] { 2, 5, 6, 7, 3, 2, 8, 3, 5, 3 }, batch.InputIds.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 }, batch.AttentionMask.data<long>().ToArray());
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 }, batch.TokenTypeIds.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 0 }, batch.Labels!.data<long>().ToArray());
        Assert.Equal(ScalarType.Int64, batch.Labels.dtype);
    }

    [Fact]
    public void Short_batches_pad_less_and_long_inputs_are_capped_at_max_length()
    {
        using var shortBatch = EncodedBatch.Create([new TextExample("a", Label: 0), new TextExample("a b", Label: 1)], Tokenizer, 8, false);
        using var capped = EncodedBatch.Create([new TextExample(string.Join(' ', Enumerable.Repeat("a", 50)), Target: 0.5f)], Tokenizer, 8, true);

        Assert.Equal(4, shortBatch.Length);
        Assert.Equal(new long[] { 2, 5, 3, 0, 2, 5, 6, 3 }, shortBatch.InputIds.data<long>().ToArray());
        Assert.Equal(new long[] { 1, 1, 1, 0, 1, 1, 1, 1 }, shortBatch.AttentionMask.data<long>().ToArray());
        Assert.Equal(8, capped.Length);
        Assert.Equal(ScalarType.Float32, capped.Labels!.dtype);
        Assert.Equal(0.5f, capped.Labels.item<float>());
    }

    [Fact]
    public void Unlabelled_batches_have_no_labels_and_mixed_batches_are_rejected()
    {
        using var unlabelled = EncodedBatch.Create([new TextExample("a")], Tokenizer, 8, false);

        Assert.Null(unlabelled.Labels);
        Assert.Throws<ArgumentException>(() => EncodedBatch.Create([new TextExample("a"), new TextExample("b", Label: 1)], Tokenizer, 8, false));
        Assert.Throws<ArgumentException>(() => EncodedBatch.Create([], Tokenizer, 8, false));
    }

    [Fact]
    public void Batches_cover_every_example_in_order()
    {
        var examples = Enumerable.Range(0, 5).Select(i => new TextExample("a b", Label: i % 2)).ToList();

        var sizes = new List<long>();
        foreach (var batch in EncodedBatch.Batches(examples, 2, Tokenizer, 8, false))
        {
            using (batch)
            {
                sizes.Add(batch.Size);
            }
        }

        Assert.Equal([2L, 2L, 1L], sizes);
    }
}
