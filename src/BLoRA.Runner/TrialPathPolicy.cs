using BLoRA.Training.Trials;

namespace BLoRA.Runner;

/// <summary>
/// Keeps the files a trial reads inside the worker's configured roots: the model directory inside
/// <see cref="RunnerOptions.ModelRoots"/>, the data folder and csv/jsonl files inside
/// <see cref="RunnerOptions.DataRoots"/>. Paths are resolved the way the operating system would open them,
/// component by component: <c>..</c> after symbolic links, every link followed to its final target.
/// </summary>
public static class TrialPathPolicy
{
    private const int MaxLinks = 40;

    /// <summary>Every path of <paramref name="definition"/> outside its roots, each naming the path, where it resolves, the roots and the key to change.</summary>
    public static IReadOnlyList<string> Problems(TrialDefinition definition, RunnerOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (ModelPath(definition.Model) is { } model)
        {
            Check("modelRef", model, options.EffectiveModelRoots, "ModelRoots", problems);
        }

        if (!string.IsNullOrWhiteSpace(definition.DataDirectory))
        {
            Check("options.data", definition.DataDirectory, options.EffectiveDataRoots, "DataRoots", problems);
        }

        if (TaskPath(definition.Task) is { } task)
        {
            Check("taskRef", task, options.EffectiveDataRoots, "DataRoots", problems);
        }

        return problems;
    }

    /// <summary>The real absolute path of <paramref name="path"/> (relative paths from the working directory), every symbolic link resolved.</summary>
    public static string Resolve(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var absolute = Path.IsPathRooted(path) ? path : Path.Combine(Environment.CurrentDirectory, path);
        var root = Path.GetPathRoot(absolute)!;
        var pending = new Stack<string>(Components(absolute[root.Length..]).Reverse());
        var current = root;
        var links = 0;
        while (pending.TryPop(out var part))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Combine(current, part);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxLinks)
            {
                throw new IOException($"'{path}': more than {MaxLinks} symbolic links (a loop?).");
            }

            // Resolve the link's target from the folder that holds the link, then go on with the rest of the path.
            var targetRoot = Path.GetPathRoot(target);
            if (!string.IsNullOrEmpty(targetRoot))
            {
                current = targetRoot;
                target = target[targetRoot.Length..];
            }

            foreach (var component in Components(target).Reverse())
            {
                pending.Push(component);
            }
        }

        return current;
    }

    private static void Check(string field, string path, IReadOnlyList<string> roots, string key, List<string> problems)
    {
        string resolved;
        try
        {
            resolved = Resolve(path);
        }
        catch (IOException e)
        {
            problems.Add($"{field}: {e.Message}");
            return;
        }

        var real = roots.Where(r => !string.IsNullOrWhiteSpace(r)).Select(Resolve).ToList();
        if (real.Any(r => IsInside(resolved, r)))
        {
            return;
        }

        var where = string.Equals(resolved, path, StringComparison.Ordinal) ? $"'{path}'" : $"'{path}' (which resolves to '{resolved}')";
        problems.Add($"{field}: {where} is outside this worker's {(key == "ModelRoots" ? "model" : "data")} roots ({string.Join(", ", real)}); " +
                     $"put it under one of them, or add its folder to {RunnerOptions.SectionName}:{key} (env BLoRA__Runner__{key}__0) on the workers.");
    }

    private static bool IsInside(string path, string root)
    {
        var r = Path.TrimEndingDirectorySeparator(root);
        return string.Equals(path, r, StringComparison.Ordinal) ||
               path.StartsWith(r + Path.DirectorySeparatorChar, StringComparison.Ordinal) ||
               r == Path.GetPathRoot(r);
    }

    private static string[] Components(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The directory of an <c>hf:DIR</c> or plain-directory model reference; null for <c>tiny</c> and embedded models.</summary>
    private static string? ModelPath(string model)
    {
        var value = model.Trim();
        if (value.Length == 0 || value == TrialDefinition.TinyModelName || value.StartsWith("embedded:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (value.StartsWith("hf:", StringComparison.OrdinalIgnoreCase))
        {
            return value.Length > 3 ? value[3..] : null;
        }

        // Any other "scheme:" is an unknown reference, refused by ModelReference with its own message.
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && !value[..colon].Contains('/', StringComparison.Ordinal) ? null : value;
    }

    /// <summary>The file or folder of a <c>csv:PATH</c> or <c>jsonl:PATH</c> task; null for the others.</summary>
    private static string? TaskPath(string task)
    {
        var value = task.Trim();
        foreach (var scheme in new[] { "csv:", "jsonl:" })
        {
            if (value.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && value.Length > scheme.Length)
            {
                return value[scheme.Length..];
            }
        }

        return null;
    }
}
