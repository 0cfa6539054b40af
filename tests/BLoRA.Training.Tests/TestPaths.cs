namespace BLoRA.Training.Tests;

/// <summary>Where the tests' data files are (copied to the output folder by the project file).</summary>
internal static class TestPaths
{
    public static string TestData => Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string BertTiny => Path.Combine(TestData, "hf", "bert-tiny");

    public static string DebertaTiny => Path.Combine(TestData, "hf", "deberta-tiny");

    /// <summary>A fresh temporary directory, deleted when disposed.</summary>
    public static TempDirectory CreateTemp() => new();

    internal sealed class TempDirectory : IDisposable
    {
        public TempDirectory()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "blora-tests-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // best effort
            }
        }
    }
}
