using BLoRA.Training.Data.Glue;
using BLoRA.Training.Data.Spam;
using BLoRA.Training.Data.Tabular;

namespace BLoRA.Training.Data;

/// <summary>Loads the task a <see cref="TaskReference"/> names.</summary>
public static class TaskLoader
{
    public static TextTask Load(TaskReference reference, TaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        options ??= new TaskOptions();
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"invalid task options: {string.Join("; ", errors)}", nameof(options));
        }

        return reference.Kind switch
        {
            TaskKind.Spam or TaskKind.SpamHard => SpamTasks.Load(reference.Kind == TaskKind.SpamHard, options),
            TaskKind.Glue => GlueReader.Load(
                reference.Argument!,
                options.DataDirectory ?? throw new TaskDataException($"{reference} needs the GLUE data directory (--data DIR, the folder holding the GLUE task folders).")),
            TaskKind.Csv => TabularTaskReader.Load(reference.ToString(), reference.Argument!, TabularFormat.Csv, options),
            _ => TabularTaskReader.Load(reference.ToString(), reference.Argument!, TabularFormat.Jsonl, options),
        };
    }

    public static TextTask Load(string reference, TaskOptions? options = null) => Load(TaskReference.Parse(reference), options);
}
