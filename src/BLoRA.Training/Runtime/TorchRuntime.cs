using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using TorchSharp;

namespace BLoRA.Training.Runtime;

/// <summary>
/// Loads TorchSharp's native runtime once per process, before the first torch call, from the
/// packaged libtorch-cpu or from <see cref="TorchRuntimeOptions.LibTorchDirectory"/>. Failures
/// become a <see cref="TorchRuntimeException"/> that says what was tried, what was missing and
/// what to do: never a bare TypeInitializationException.
/// </summary>
public static class TorchRuntime
{
    private const string ShimFileName = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, IntPtr> Preloaded = new(StringComparer.Ordinal);
    private static TorchRuntimeInfo? loaded;

    /// <summary>Options from configuration (<c>Torch:LibTorchDirectory</c>), overridden by <c>BLORA_LIBTORCH_DIR</c>.</summary>
    public static TorchRuntimeOptions ResolveOptions(IConfiguration? configuration = null)
    {
        var fromEnv = Environment.GetEnvironmentVariable(TorchRuntimeOptions.LibTorchDirectoryEnvironmentVariable);
        var fromConfig = configuration?[TorchRuntimeOptions.LibTorchDirectoryKey];
        var dir = !string.IsNullOrEmpty(fromEnv) ? fromEnv : fromConfig;
        return new TorchRuntimeOptions { LibTorchDirectory = string.IsNullOrEmpty(dir) ? null : dir };
    }

    /// <summary>Loads the runtime with options from the environment only.</summary>
    public static TorchRuntimeInfo EnsureInitialized() => EnsureInitialized(ResolveOptions());

    /// <summary>Loads the runtime (once; later calls return the first result).</summary>
    /// <exception cref="TorchRuntimeException">The native runtime cannot be loaded.</exception>
    public static TorchRuntimeInfo EnsureInitialized(TorchRuntimeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (Gate)
        {
            if (loaded is not null)
            {
                return loaded;
            }

            var tried = new List<string>();
            // Load libtorch and the shim ourselves, by path, so a failure yields the loader's own reason
            // (e.g. "GLIBCXX_3.4.32 not found") instead of TorchSharp's fallback, which copies libtorch around.
            if (options.LibTorchDirectory is not null)
            {
                tried.Add($"{TorchRuntimeOptions.LibTorchDirectoryKey} / {TorchRuntimeOptions.LibTorchDirectoryEnvironmentVariable} = '{options.LibTorchDirectory}'");
                Preload(options, tried);
            }
            else
            {
                var packaged = FindShim() is { } shim ? Path.GetDirectoryName(shim)! : AppContext.BaseDirectory;
                tried.Add("the libtorch-cpu package shipped with the application (" + packaged + ")");
                if (!File.Exists(Path.Combine(packaged, "libtorch_cpu.so")))
                {
                    throw Failure(tried, $"no libtorch_cpu.so in {packaged}: the application was built without the libtorch-cpu-linux-x64 package.");
                }

                Preload(options with { LibTorchDirectory = packaged }, tried);
            }

            try
            {
                // The first call that reaches the shim: it loads libtorch and runs TorchSharp's static constructors.
                torch.InitializeDeviceType(DeviceType.CPU);
                var cuda = torch.cuda.is_available();
                loaded = new TorchRuntimeInfo(
                    options.LibTorchDirectory is null ? "package" : "directory",
                    options.LibTorchDirectory,
                    NativeDiagnostics.MappedLibraries(IsTorchLibrary),
                    cuda,
                    cuda ? torch.cuda.device_count() : 0,
                    typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown");
                return loaded;
            }
            catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or EntryPointNotFoundException
                                          or NotSupportedException or BadImageFormatException or InvalidOperationException)
            {
                throw Failure(tried, Innermost(e).Message, e);
            }
        }
    }

    /// <summary>
    /// Builds the error for a runtime that cannot load: what was tried, what was missing, what to do.
    /// </summary>
    public static TorchRuntimeException Failure(IReadOnlyList<string> tried, string reason, Exception? inner = null)
    {
        ArgumentNullException.ThrowIfNull(tried);
        var lines = new List<string>
        {
            "TorchSharp's native runtime could not be loaded.",
            "  tried:",
        };
        lines.AddRange(tried.Select(t => "    - " + t));
        lines.Add("  failed: " + reason.Trim());
        lines.Add("  C++ runtime: " + NativeDiagnostics.DescribeLibStdCxx());
        lines.Add("  fix, one of:");
        lines.Add("    - run through ./blora (or `source scripts/torch-runtime.sh` and use $BLORA_DOTNET): on Debian 12 it builds a private libstdc++ 13 runtime, changing no system file;");
        lines.Add("    - run on a host with libstdc++ 13+ (Ubuntu 24.04, Debian 13, the .NET 10 container images);");
        lines.Add($"    - set {TorchRuntimeOptions.LibTorchDirectoryEnvironmentVariable} (config {TorchRuntimeOptions.LibTorchDirectoryKey}) to a libtorch lib directory, e.g. a PyTorch install's torch/lib.");
        var message = string.Join(Environment.NewLine, lines);
        return inner is null ? new TorchRuntimeException(message) : new TorchRuntimeException(message, inner);
    }

    private static void Preload(TorchRuntimeOptions options, List<string> tried)
    {
        var dir = Path.GetFullPath(options.LibTorchDirectory!);
        tried.Add($"libtorch directory '{dir}'");
        var problems = TorchRuntimeOptionsValidator.Problems(options);
        if (problems.Count > 0)
        {
            throw Failure(tried, string.Join(Environment.NewLine + "          ", problems));
        }

        var order = new List<string> { "libc10.so", "libtorch_cpu.so" };
        order.AddRange(TorchRuntimeOptionsValidator.OptionalCudaLibraries.Where(l => File.Exists(Path.Combine(dir, l))));
        order.Add("libtorch.so");
        foreach (var lib in order)
        {
            var path = Path.Combine(dir, lib);
            tried.Add("load " + path);
            Preloaded[Path.GetFileNameWithoutExtension(lib)] = LoadOrExplain(path, tried);
        }

        var shim = FindShim();
        if (shim is null)
        {
            throw Failure(tried, $"{ShimFileName} (TorchSharp's native shim) is not next to the application in {AppContext.BaseDirectory}; reference the TorchSharp package.");
        }

        tried.Add("load " + shim);
        Preloaded["libLibTorchSharp"] = LoadOrExplain(shim, tried);

        // TorchSharp also loads "torch_cpu"/"torch_cuda"/"LibTorchSharp" by name relative to its assembly; answer those
        // with the handles above so a second libtorch is never mapped beside the one chosen here.
        NativeLibrary.SetDllImportResolver(typeof(torch).Assembly, Resolve);
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var key = libraryName.StartsWith("lib", StringComparison.Ordinal) ? libraryName : "lib" + libraryName;
        if (key.EndsWith(".so", StringComparison.Ordinal))
        {
            key = key[..^3];
        }

        return Preloaded.TryGetValue(key, out var handle) ? handle : IntPtr.Zero;
    }

    private static IntPtr LoadOrExplain(string path, List<string> tried)
    {
        try
        {
            return NativeLibrary.Load(path);
        }
        catch (DllNotFoundException e)
        {
            throw Failure(tried, e.Message, e);
        }
        catch (BadImageFormatException e)
        {
            throw Failure(tried, e.Message, e);
        }
    }

    private static string? FindShim()
    {
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, ShimFileName),
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", ShimFileName),
            Path.Combine(Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? ".", ShimFileName),
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    private static bool IsTorchLibrary(string fileName) =>
        fileName.StartsWith("libtorch", StringComparison.Ordinal)
        || fileName.StartsWith("libc10", StringComparison.Ordinal)
        || fileName.StartsWith("libLibTorchSharp", StringComparison.Ordinal);

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
