using BLoRA.Cli.Commands;
using BLoRA.Cli.Trials;

namespace BLoRA.Cli.Tests.Commands;

/// <summary>The trial files in examples/ stay valid as the schema evolves.</summary>
public sealed class ExampleFilesTests
{
    public static TheoryData<string> TrialFiles()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "BLoRA.Cluster.sln")))
        {
            dir = Path.GetDirectoryName(dir) ?? throw new InvalidOperationException("repository root not found above the test folder");
        }

        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(dir, "examples"), "trial-*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TrialFiles))]
    public void Example_trial_file_parses_and_validates(string file)
    {
        var definition = TrialDefinitionBuilder.Build(new TrainSettings { File = file });
        Assert.Empty(definition.Validate());
    }
}
