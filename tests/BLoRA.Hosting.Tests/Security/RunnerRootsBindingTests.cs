using BLoRA.Runner;
using Microsoft.Extensions.Configuration;

namespace BLoRA.Hosting.Tests.Security;

public sealed class RunnerRootsBindingTests
{
    [Fact]
    public void Model_and_data_roots_bind_from_configuration_and_environment_style_keys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["BLoRA:Runner:ModelRoots:0"] = "/models",
            ["BLoRA:Runner:ModelRoots:1"] = "/mnt/checkpoints",
            ["BLoRA:Runner:DataRoots:0"] = "/data",
        }).Build();

        var options = configuration.GetSection(RunnerOptions.SectionName).Get<RunnerOptions>()!;

        Assert.Equal(["/models", "/mnt/checkpoints"], options.EffectiveModelRoots);
        Assert.Equal(["/data"], options.EffectiveDataRoots);
        Assert.Empty(options.Validate());
    }
}
