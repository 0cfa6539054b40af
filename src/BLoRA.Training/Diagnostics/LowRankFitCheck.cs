using BLoRA.Training.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Diagnostics;

/// <summary>
/// An end-to-end check of the native runtime: trains a rank-r LoRA side path (B A) on a frozen
/// random linear layer until it reproduces a rank-r change of that layer. It exercises forward,
/// backward, AdamW and dispose scopes on the chosen device, and reports the loss curve.
/// </summary>
public static class LowRankFitCheck
{
    /// <summary>Runs the check; <paramref name="progress"/> gets (step, loss) after every step.</summary>
    public static LowRankFitResult Run(LowRankFitSettings settings, Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var device = new Device(settings.Device);
        using var outer = NewDisposeScope();
        var gen = new Generator((ulong)settings.Seed);
        int d = settings.Width, r = settings.Rank;

        // Frozen base W0 and the target W0 + U V (a rank-r update the adapter must learn).
        var w0 = randn([d, d], generator: gen).div_(Math.Sqrt(d)).to(device);
        var target = w0 + randn([d, r], generator: gen).mm(randn([r, d], generator: gen)).div_(d).to(device);
        var a = nn.Parameter((randn([r, d], generator: gen) * 0.02).to(device));
        var b = nn.Parameter(zeros([d, r], device: device));
        using var optimizer = new HeldScalarAdamW([new AdamW.ParamGroup([a, b], lr: settings.LearningRate, weight_decay: 0)], settings.LearningRate);

        double first = double.NaN, last = double.NaN;
        for (var step = 1; step <= settings.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn([settings.Batch, d], generator: gen).to(device);
            var y = x.mm(target.t());
            var yHat = x.mm(w0.t()) + x.mm(a.t()).mm(b.t());
            var loss = nn.functional.mse_loss(yHat, y);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            last = loss.item<float>();
            if (step == 1)
            {
                first = last;
            }

            progress?.Invoke(step, last);
        }

        return new LowRankFitResult(first, last, settings.Steps);
    }
}
