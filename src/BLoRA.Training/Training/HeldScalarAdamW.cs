using BLoRA.Training.Runtime;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BLoRA.Training.Training;

/// <summary>
/// TorchSharp's AdamW (the same options, state and saved form, so checkpoints are unchanged), with a step
/// that passes libtorch only scalars it holds until the call returns. TorchSharp's own step makes eight
/// temporary scalars per parameter per step that a concurrent garbage collection can free mid-call (see
/// <see cref="HeldScalars"/>). Same arithmetic as TorchSharp's (and PyTorch's) AdamW without amsgrad:
/// p *= 1 - lr wd; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= lr / (1 - b1^t) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
public sealed class HeldScalarAdamW : AdamW
{
    public HeldScalarAdamW(IEnumerable<ParamGroup> groups, double lr)
        : base(groups, lr)
    {
    }

    public override Tensor step(Func<Tensor>? closure = null)
    {
        return _step<ParamGroup>(group =>
        {
            var options = (Options)group.Options;
            var (beta1, beta2, eps, decay, lr) = (options.beta1!.Value, options.beta2!.Value, options.eps!.Value, options.weight_decay!.Value, options.LearningRate!.Value);
            if (options.amsgrad == true || options.maximize == true)
            {
                throw new NotSupportedException("HeldScalarAdamW implements AdamW without amsgrad and maximize");
            }

            using var keep = (1 - (lr * decay)).ToScalar();
            using var b1 = beta1.ToScalar();
            using var oneMinusB1 = (1 - beta1).ToScalar();
            using var b2 = beta2.ToScalar();
            using var oneMinusB2 = (1 - beta2).ToScalar();
            using var epsilon = eps.ToScalar();
            foreach (var param in group.Parameters)
            {
                var grad = param.grad;
                if (grad is null)
                {
                    continue;
                }

                var state = (State)_state[param.Handle];
                state.step += 1;
                param.mul_(keep);
                var correction1 = 1 - Math.Pow(beta1, state.step);
                var correction2 = 1 - Math.Pow(beta2, state.step);
                state.exp_avg.mul_(b1).add_(grad, alpha: oneMinusB1);
                state.exp_avg_sq.mul_(b2).addcmul_(grad, grad, value: oneMinusB2);
                using var root = Math.Sqrt(correction2).ToScalar();
                using var stepSize = (-lr / correction1).ToScalar();
                using var denominator = state.exp_avg_sq.sqrt();
                denominator.div_(root).add_(epsilon, HeldScalars.One);
                param.addcdiv_(state.exp_avg, denominator, value: stepSize);
            }
        }, closure);
    }
}
