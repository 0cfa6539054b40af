using TorchSharp;
using BLoRA.Training.Adapters.BayesianLora;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Adapters.BayesianLora;

/// <summary>The test vectors of blora-method.md section 8 and the quantizer's invariants.</summary>
public sealed class BayesianBitsQuantizerTests
{
    public BayesianBitsQuantizerTests() => TorchFixture.EnsureLoaded();

    [Theory]
    [InlineData(6.0, 0.9994991)]
    [InlineData(2.0, 0.9733667)]
    [InlineData(0.0, 0.8318222)]
    [InlineData(-2.0, 0.4009753)]
    public void Probability_of_a_nonzero_gate_matches_the_test_vector(double logit, double expected)
    {
        using var scope = NewDisposeScope();
        var q = HardConcrete.ProbabilityNonZero(tensor(logit, float64)).item<double>();
        Assert.Equal(expected, q, 6);
    }

    [Theory]
    [InlineData(-0.93, 1)]
    [InlineData(-0.94, 0)]
    [InlineData(6.0, 1)]
    [InlineData(-5.0, 0)]
    public void Eval_gate_is_on_iff_the_logit_exceeds_minus_0_9353026(double logit, int expected)
    {
        using var scope = NewDisposeScope();
        Assert.Equal(-0.9353026, HardConcrete.EvalThreshold, 6);
        Assert.Equal(expected, HardConcrete.Deterministic(tensor(logit, float64)).item<double>());
    }

    [Theory]
    [InlineData(2, 0.2)]
    [InlineData(4, 0.04)]
    [InlineData(8, 0.0023529412)]
    [InlineData(16, 9.155413e-6)]
    [InlineData(32, 1.3969839e-10)]
    public void Steps_divide_by_two_to_the_b_plus_one(int bits, double expected)
    {
        using var scope = NewDisposeScope();
        using var q = Quantizer(0.2);
        Assert.Equal(expected, q.StepFor(bits), expected * 1e-6);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0.4)]
    [InlineData(1, 0, 0, 0, 0.36)]
    [InlineData(1, 1, 0, 0, 0.3694117647)]
    [InlineData(1, 1, 1, 0, 0.3699977111)]
    [InlineData(1, 1, 1, 1, 0.37)]
    public void Quantized_value_for_each_gate_pattern_matches_the_test_vector(int z4, int z8, int z16, int z32, double expected)
    {
        using var scope = NewDisposeScope();
        using var q = Quantizer(0.2);
        q.eval();
        var x = tensor(new[] { 0.37 }, float64);
        var z = tensor(new double[] { z4, z8, z16, z32 }, float64);
        Assert.Equal(expected, q.Quantize(x, z).item<double>(), 1e-9);
    }

    [Fact]
    public void Residuals_match_the_test_vector()
    {
        using var scope = NewDisposeScope();
        using var q = Quantizer(0.2);
        q.eval();
        var x = tensor(new[] { 0.37 }, float64);
        double Q(params double[] z) => q.Quantize(x, tensor(z, float64)).item<double>();
        Assert.Equal(0.4, Q(0, 0, 0, 0), 1e-12);
        Assert.Equal(-0.04, Q(1, 0, 0, 0) - Q(0, 0, 0, 0), 1e-12);
        Assert.Equal(0.0094117647, Q(1, 1, 0, 0) - Q(1, 0, 0, 0), 1e-9);
        Assert.Equal(5.859464e-4, Q(1, 1, 1, 0) - Q(1, 1, 0, 0), 1e-10);
        Assert.Equal(2.288818e-6, Q(1, 1, 1, 1) - Q(1, 1, 1, 0), 1e-12);
    }

    [Theory]
    [InlineData(new[] { 0.5, -1.0, 2.0 }, 4.0 / 3.0)] // signed: 2 x_max / 3
    [InlineData(new[] { 0.5, 0.25, 3.0 }, 1.0)]       // unsigned: x_max / 3
    [InlineData(new[] { -0.5, -3.0 }, 2.0)]           // x_max <= 0: -2 x_min / 3
    public void Range_comes_from_the_first_tensor_only(double[] first, double expectedStep)
    {
        using var scope = NewDisposeScope();
        using var q = new BayesianBitsQuantizer(32, 6.0, learnedScale: true, clipInput: false);
        q.forward(tensor(first.Select(v => (float)v).ToArray()));
        Assert.Equal(expectedStep, q.step.item<float>(), 5);
        q.forward(tensor(new[] { 100f, -100f }));
        Assert.Equal(expectedStep, q.step.item<float>(), 5);
    }

    [Fact]
    public void Hard_cutoff_switches_off_the_level_and_every_higher_one_in_training_too()
    {
        using var scope = NewDisposeScope();
        using var q = Quantizer(0.2);
        using (no_grad())
        {
            q.gate_logits.copy_(tensor(new[] { 6.0, -2.5, 6.0, 6.0 }));
        }

        q.train();
        for (var i = 0; i < 20; i++)
        {
            var z = q.Gates().data<double>().ToArray();
            Assert.Equal(0, z[1]);
            Assert.Equal(0, z[2]);
            Assert.Equal(0, z[3]);
        }

        Assert.Equal(4, q.DeterministicBits());
    }

    [Theory]
    [InlineData(new[] { 6f, 6f, 6f, 6f }, 32)]
    [InlineData(new[] { 6f, 6f, 6f, -1f }, 16)]
    [InlineData(new[] { 6f, 6f, -1f, 6f }, 8)]
    [InlineData(new[] { 6f, -1f, 6f, 6f }, 4)]
    [InlineData(new[] { -1f, 6f, 6f, 6f }, 2)]
    public void Deterministic_bits_follow_the_first_gate_that_is_off(float[] logits, int bits)
    {
        using var scope = NewDisposeScope();
        using var q = Quantizer(0.2);
        using (no_grad())
        {
            q.gate_logits.copy_(tensor(logits).to(float64));
        }

        Assert.Equal(bits, q.DeterministicBits());
    }

    [Fact]
    public void Bit_cap_stops_the_chain()
    {
        using var scope = NewDisposeScope();
        using var q = new BayesianBitsQuantizer(8, 6.0, true, false);
        Assert.Equal(8, q.DeterministicBits());
        var q4 = HardConcrete.ProbabilityNonZero(tensor(6.0f)).item<float>();
        Assert.Equal(2 + (2 * q4) + (4 * q4 * q4), q.ExpectedBits().item<float>(), 4);
    }

    [Fact]
    public void Expected_bits_at_init_are_nearly_32()
    {
        using var scope = NewDisposeScope();
        using var q = Quantizer(0.2);
        var p = 0.9994991;
        var expected = 2 + (2 * p) + (4 * p * p) + (8 * p * p * p) + (16 * p * p * p * p);
        Assert.Equal(expected, q.ExpectedBits().item<double>(), 6);
    }

    [Fact]
    public void Training_round_passes_gradients_straight_through()
    {
        using var scope = NewDisposeScope();
        using var q = Quantizer(0.2);
        q.train();
        var x = tensor(new[] { 0.37, -0.11 }).requires_grad_();
        q.Quantize(x, ones(4, float64)).sum().backward();
        Assert.Equal([1.0, 1.0], x.grad!.data<double>().ToArray());
    }

    /// <summary>A float64 quantizer with s2 set, so the vectors hold to their printed digits.</summary>
    private static BayesianBitsQuantizer Quantizer(double s2)
    {
        var q = new BayesianBitsQuantizer(32, 6.0, learnedScale: true, clipInput: false);
        q.to(float64);
        using (no_grad())
        {
            q.step.fill_(s2);
            q.initialized.fill_(1);
        }

        q.MarkRangeKnown();
        return q;
    }
}
