using System.Diagnostics;
using BLoRA.Telemetry;
using Spectre.Console.Cli;

namespace BLoRA.Cli.Infrastructure;

/// <summary>Names the CLI's root span after the command that runs: <c>blora cli sweep submit</c>.</summary>
internal sealed class CommandSpanInterceptor : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        BLoRAActivities.NameCliCommand(Activity.Current, CommandPath(context.Arguments, context.Name));
    }

    /// <summary>The command's words: the arguments up to the command's own name (<c>sweep submit</c> of <c>sweep submit f.yaml --wait</c>).</summary>
    internal static string CommandPath(IReadOnlyList<string> arguments, string name)
    {
        var end = -1;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == name)
            {
                end = i;
                break;
            }
        }

        return end < 0 ? name : string.Join(' ', arguments.Take(end + 1));
    }
}
