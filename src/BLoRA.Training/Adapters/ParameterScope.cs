using TorchSharp.Modules;

namespace BLoRA.Training.Adapters;

/// <summary>
/// Module constructors build parameters inside a dispose scope so the temporaries they are made
/// from are freed; <see cref="Keep"/> takes the parameter itself out of that scope.
/// </summary>
internal static class ParameterScope
{
    public static Parameter Keep(Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.DetachFromDisposeScope();
        return parameter;
    }
}
