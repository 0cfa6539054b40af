using System.Text;

namespace BLoRA.Training.Runtime;

/// <summary>Facts about the native side of this process that explain why TorchSharp does or does not load.</summary>
public static class NativeDiagnostics
{
    /// <summary>The libstdc++ symbol version TorchSharp 0.107's shim needs (libstdc++ 13+).</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    private static readonly string[] LibStdCxxCandidates =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>
    /// The libstdc++ this process uses: the one already mapped, else the system's.
    /// Null when none is found.
    /// </summary>
    public static string? LibStdCxxPath()
    {
        var mapped = MappedLibraries(name => name.StartsWith("libstdc++.so", StringComparison.Ordinal));
        if (mapped.Count > 0)
        {
            return mapped[0];
        }

        return SystemLibStdCxxPath();
    }

    /// <summary>The system's libstdc++ (what the host's own loader picks), null when none is found.</summary>
    public static string? SystemLibStdCxxPath() => LibStdCxxCandidates.FirstOrDefault(File.Exists);

    /// <summary>Whether the file exports the given symbol version (a byte search, as `grep -a` does).</summary>
    public static bool ExportsVersion(string libraryPath, string version)
    {
        ArgumentNullException.ThrowIfNull(libraryPath);
        ArgumentNullException.ThrowIfNull(version);
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        var bytes = File.ReadAllBytes(libraryPath);
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>One line on the C++ runtime: path and whether it is new enough for TorchSharp.</summary>
    public static string DescribeLibStdCxx()
    {
        var path = LibStdCxxPath();
        if (path is null)
        {
            return "libstdc++.so.6: not found";
        }

        return ExportsVersion(path, RequiredGlibcxx)
            ? $"{path}: has {RequiredGlibcxx}"
            : $"{path}: lacks {RequiredGlibcxx} (TorchSharp 0.107 needs libstdc++ 13 or newer)";
    }

    /// <summary>Distinct paths of shared objects mapped into this process whose file name matches.</summary>
    public static IReadOnlyList<string> MappedLibraries(Func<string, bool> fileNameMatches)
    {
        ArgumentNullException.ThrowIfNull(fileNameMatches);
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return [];
        }

        var result = new List<string>();
        foreach (var line in File.ReadLines(maps))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }

            var path = line[slash..].Trim();
            if (fileNameMatches(Path.GetFileName(path)) && !result.Contains(path, StringComparer.Ordinal))
            {
                result.Add(path);
            }
        }

        return result;
    }
}
