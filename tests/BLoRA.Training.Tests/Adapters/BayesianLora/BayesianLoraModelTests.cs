using BLoRA.Training.Adapters.BayesianLora;
using static TorchSharp.torch;

namespace BLoRA.Training.Tests.Adapters.BayesianLora;

public sealed class BayesianLoraModelTests
{
    private static readonly string[] Head = ["classifier"];

    public BayesianLoraModelTests() => TorchFixture.EnsureLoaded();

    [Fact]
    public void Injection_adapts_the_targets_and_freezes_everything_else_but_the_head()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyAdaptable();
        var blora = BayesianLoraModel.Inject(model, new BayesianLoraConfig { Rank = 4 }, Head, seed: 1);

        Assert.Equal(["query", "key", "value"], blora.Adapters.Select(a => a.Name));
        var trainable = blora.Trainable().Select(t => t.Name).ToList();
        Assert.DoesNotContain("query.weight", trainable);
        Assert.DoesNotContain("query.bias", trainable);
        Assert.Contains("classifier.weight", trainable);
        Assert.Contains("query.adapter.lora_A", trainable);
        Assert.Contains("query.adapter.quant_A.gate_logits", trainable);
        Assert.Contains("query.adapter.quant_A.step", trainable);
        Assert.Contains("query.adapter.rank_gates.logits", trainable);
        var named = blora.Trainable().ToDictionary(t => t.Name, t => t.Parameter);
        Assert.Contains(named["query.adapter.quant_A.gate_logits"], blora.GateParameters());
        Assert.Contains(named["query.adapter.quant_B.step"], blora.GateParameters());
        Assert.Contains(named["query.adapter.rank_gates.logits"], blora.GateParameters());
        Assert.Contains(named["query.adapter.lora_E"], blora.AdapterParameters());
        Assert.Contains(named["classifier.weight"], blora.AdapterParameters());
        Assert.Equal(named.Count, blora.GateParameters().Count + blora.AdapterParameters().Count);
    }

    [Fact]
    public void Unknown_target_names_the_models_linear_modules()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyAdaptable();
        var error = Assert.Throws<ArgumentException>(() =>
            BayesianLoraModel.Inject(model, new BayesianLoraConfig { TargetModules = ["q_proj"] }, Head, 1));
        Assert.Contains("q_proj", error.Message, StringComparison.Ordinal);
        Assert.Contains("query, key, value, classifier", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gradients_reach_every_adapter_part_and_nothing_frozen_changes()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyAdaptable();
        var blora = BayesianLoraModel.Inject(model, new BayesianLoraConfig { Rank = 4, GateInit = 0.5 }, Head, 1);
        var frozenBefore = model.named_parameters().Where(p => !p.parameter.requires_grad)
            .ToDictionary(p => p.name, p => p.parameter.detach().clone());

        model.train();
        var x = randn(8, 16);
        var loss = nn.functional.cross_entropy(model.forward(x), randint(0, 2, [8])) + blora.Regularizer() + blora.ExpectedRelativeBops();
        loss.backward();
        foreach (var (name, p) in blora.Trainable())
        {
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"no gradient reached {name}");
        }

        using var optimizer = optim.AdamW(blora.Trainable().Select(t => t.Parameter), lr: 0.1);
        optimizer.step();
        foreach (var (name, p) in model.named_parameters().Where(p => !p.parameter.requires_grad))
        {
            Assert.True(p.allclose(frozenBefore[name], 0, 0), $"frozen {name} changed");
        }
    }

    [Fact]
    public void Eval_forward_is_deterministic_and_training_forward_samples()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyAdaptable();
        BayesianLoraModel.Inject(model, new BayesianLoraConfig { Rank = 4, GateInit = 0.0, Dropout = 0 }, Head, 1);
        var x = randn(8, 16);
        model.eval();
        Assert.True(model.forward(x).allclose(model.forward(x), 0, 0));
        model.train();
        Assert.False(model.forward(x).allclose(model.forward(x), 0, 0));
    }

    [Fact]
    public void Gates_off_is_plain_lora_with_the_E_scaling()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyAdaptable();
        var config = new BayesianLoraConfig { Rank = 4, Alpha = 8, Dropout = 0, GatesEnabled = false };
        var blora = BayesianLoraModel.Inject(model, config, Head, 1);
        var layer = blora.Adapters[0].Layer;
        var x = randn(5, 16);
        var expected = x.matmul(layer.lora_A.t()).mul(layer.lora_E.squeeze(1)).matmul(layer.lora_B.t()) * 2.0;
        Assert.True(layer.forward(x).allclose(expected, rtol: 1e-5, atol: 1e-7));
        Assert.Equal(1.0, blora.Report().AdapterRelative, 9);
        Assert.DoesNotContain(blora.Trainable(), t => t.Name.Contains("gate", StringComparison.Ordinal));
    }

    [Fact]
    public void Bop_report_matches_a_hand_computation()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyAdaptable();
        var blora = BayesianLoraModel.Inject(model, new BayesianLoraConfig { Rank = 4, TargetModules = ["query"] }, Head, 1);
        var layer = blora.Adapters.Single().Layer;
        using (no_grad())
        {
            // A: 8 bits; E: 4 bits; B: 2 bits; rank gates [on, off, on]: live rank 2.
            layer.Quantizers.Single(q => q.Name == "A").Quantizer.gate_logits.copy_(tensor(new[] { 6f, 6f, -1f, 6f }));
            layer.Quantizers.Single(q => q.Name == "E").Quantizer.gate_logits.copy_(tensor(new[] { 6f, -1f, 6f, 6f }));
            layer.Quantizers.Single(q => q.Name == "B").Quantizer.gate_logits.copy_(tensor(new[] { -1f, 6f, 6f, 6f }));
            layer.RankGates.logits.copy_(tensor(new[] { 6f, -1f, 6f }));
        }

        var report = blora.Report(new AttentionShape(Layers: 1, Hidden: 16), sequenceLength: 10);
        var stats = report.Adapters["query"];
        Assert.Equal(2, stats.LiveRank);
        Assert.Equal(8, stats.Bits["A"]);
        Assert.Equal(4, stats.Bits["E"]);
        Assert.Equal(2, stats.Bits["B"]);

        // r d_in b_x b_A + r b_u b_E + d_out r b_v b_B
        double bops = (2 * 16 * 32 * 8) + (2 * 32 * 4) + (16 * 2 * 32 * 2);
        double fp32 = (4 * 16 * 1024) + (4 * 1024) + (16 * 4 * 1024);
        Assert.Equal(bops, report.AdapterBops);
        Assert.Equal(fp32, report.FullPrecisionAdapterBops);
        Assert.Equal(bops / fp32, report.AdapterRelative, 12);
        // Frozen: query, key, value 16x16 and the 16x2 classifier at 32x32 bits, plus the adapter.
        var frozen = ((3 * 16 * 16) + (16 * 2)) * 1024.0;
        Assert.Equal(frozen + bops, report.ModelPerToken);
        Assert.Equal(((frozen + bops) * 10) + (2.0 * 10 * 10 * 16 * 1024), report.ModelPerExample);
    }

    [Fact]
    public void Expected_relative_bops_start_near_one_and_follow_the_gates()
    {
        using var scope = NewDisposeScope();
        using var model = new TinyAdaptable();
        var blora = BayesianLoraModel.Inject(model, new BayesianLoraConfig { Rank = 4 }, Head, 1);
        Assert.InRange(blora.ExpectedRelativeBops().item<float>(), 0.99f, 1.0f);
        using (no_grad())
        {
            foreach (var (_, p) in blora.Trainable().Where(t => t.Name.EndsWith("logits", StringComparison.Ordinal)))
            {
                p.fill_(-8);
            }
        }

        // The floor: 2 bits everywhere and rank 1, (16*32*2 + 32*2 + 16*32*2) / (4*16*1024 + 4*1024 + 16*4*1024).
        Assert.InRange(blora.ExpectedRelativeBops().item<float>(), 2112f / 135168, 2200f / 135168);
    }

    [Fact]
    public void Invalid_config_lists_every_bad_field()
    {
        var problems = new BayesianLoraConfig
        {
            Rank = 0,
            Dropout = 1.5,
            BopBudget = 2,
            PriorStrength = double.NaN,
            TargetModules = [],
            Bits = [2, 8],
        }.Validate();
        Assert.Equal(6, problems.Count);
        foreach (var field in new[] { "Rank", "Dropout", "BopBudget", "PriorStrength", "TargetModules", "Bits" })
        {
            Assert.Contains(problems, p => p.StartsWith(field + ":", StringComparison.Ordinal));
        }
    }
}
