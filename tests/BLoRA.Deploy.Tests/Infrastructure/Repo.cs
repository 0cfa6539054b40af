namespace BLoRA.Deploy.Tests.Infrastructure;

/// <summary>Paths in the repository under test (found from the test assembly upwards).</summary>
internal static class Repo
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BLoRA.Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no BLoRA.Cluster.sln above {AppContext.BaseDirectory}");
    });

    public static string Root => RootPath.Value;

    /// <summary>A path under the repository root, from '/'-separated parts.</summary>
    public static string Path(string relative) => System.IO.Path.Combine(Root, relative.Replace('/', System.IO.Path.DirectorySeparatorChar));

    public static string Read(string relative) => File.ReadAllText(Path(relative));
}
