using System.Collections.Immutable;
using BLoRA.Abstractions;
using BLoRA.Storage;
using BLoRA.Training.Trials;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BLoRA.Runner.Tests;

/// <summary>Model and data paths on workers stay inside the configured roots: ../ escapes, absolute paths and symbolic links are refused.</summary>
public sealed class TrialPathPolicyTests : IDisposable
{
    private readonly string tmp = Directory.CreateTempSubdirectory("blora-roots-").FullName;
    private readonly string models;
    private readonly string data;
    private readonly string outside;
    private readonly RunnerOptions options = new();

    public TrialPathPolicyTests()
    {
        models = Directory.CreateDirectory(Path.Combine(tmp, "models", "bert")).Parent!.FullName;
        data = Directory.CreateDirectory(Path.Combine(tmp, "data", "glue")).Parent!.FullName;
        outside = Directory.CreateDirectory(Path.Combine(tmp, "elsewhere", "secret")).Parent!.FullName;
        File.WriteAllText(Path.Combine(data, "train.csv"), "text,label\n");
        File.WriteAllText(Path.Combine(outside, "secret", "id_rsa"), "key");
        options.ModelRoots.Add(models);
        options.DataRoots.Add(data);
    }

    public void Dispose() => Directory.Delete(tmp, recursive: true);

    private IReadOnlyList<string> Problems(string model = "tiny", string task = "synthetic", string? dataDirectory = null) =>
        TrialPathPolicy.Problems(new TrialDefinition { Model = model, Task = task, DataDirectory = dataDirectory }, options);

    [Fact]
    public void Paths_inside_the_roots_and_file_free_references_pass()
    {
        Assert.Empty(Problems());
        Assert.Empty(Problems("embedded:minilm", "spam"));
        Assert.Empty(Problems("hf:" + Path.Combine(models, "bert"), "csv:" + Path.Combine(data, "train.csv"), Path.Combine(data, "glue")));
        Assert.Empty(Problems(Path.Combine(models, "bert", "..", "bert"), "jsonl:" + data));

        // A link inside a root that points inside a root is fine; so is a root that is itself a link.
        File.CreateSymbolicLink(Path.Combine(data, "latest"), Path.Combine(data, "glue"));
        Assert.Empty(Problems(dataDirectory: Path.Combine(data, "latest")));
        var linkedRoot = Path.Combine(tmp, "models-link");
        Directory.CreateSymbolicLink(linkedRoot, models);
        options.ModelRoots[0] = linkedRoot;
        Assert.Empty(Problems("hf:" + Path.Combine(models, "bert")));
    }

    [Fact]
    public void A_dot_dot_escape_is_refused_naming_the_path_the_roots_and_the_key()
    {
        var escape = Path.Combine(models, "..", "elsewhere", "secret");
        var problem = Assert.Single(Problems("hf:" + escape));
        Assert.StartsWith($"modelRef: '{escape}' (which resolves to '{Path.Combine(outside, "secret")}') is outside this worker's model roots ({models})", problem, StringComparison.Ordinal);
        Assert.Contains("add its folder to BLoRA:Runner:ModelRoots (env BLoRA__Runner__ModelRoots__0)", problem, StringComparison.Ordinal);

        Assert.Single(Problems(dataDirectory: Path.Combine(data, "..", "..", "..", "etc")));
        Assert.Single(Problems(task: "csv:" + Path.Combine(data, "glue", "..", "..", "elsewhere", "secret", "id_rsa")));
    }

    [Fact]
    public void An_absolute_path_outside_is_refused()
    {
        var problems = Problems("/etc", "jsonl:/etc/passwd", "/var/lib");
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("modelRef: '/etc' is outside this worker's model roots", problems[0], StringComparison.Ordinal);
        Assert.StartsWith($"options.data: '/var/lib' is outside this worker's data roots ({data})", problems[1], StringComparison.Ordinal);
        Assert.Contains("BLoRA:Runner:DataRoots", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("taskRef: '/etc/passwd' is outside", problems[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Symbolic_links_that_point_outside_are_refused()
    {
        // A link as the last component, and a link in the middle of the path.
        Directory.CreateSymbolicLink(Path.Combine(models, "evil"), Path.Combine(outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(data, "mnt"), "../elsewhere");
        File.CreateSymbolicLink(Path.Combine(data, "passwd.csv"), "/etc/passwd");

        Assert.Contains($"which resolves to '{Path.Combine(outside, "secret")}'", Assert.Single(Problems("hf:" + Path.Combine(models, "evil"))), StringComparison.Ordinal);
        Assert.Contains($"which resolves to '{Path.Combine(outside, "secret", "id_rsa")}'", Assert.Single(Problems(task: "csv:" + Path.Combine(data, "mnt", "secret", "id_rsa"))), StringComparison.Ordinal);
        Assert.Contains("which resolves to '/etc/passwd'", Assert.Single(Problems(task: "csv:" + Path.Combine(data, "passwd.csv"))), StringComparison.Ordinal);

        // `..` after a link is applied to the link's target, as the operating system does.
        Assert.Single(Problems(dataDirectory: Path.Combine(data, "mnt", "..", "elsewhere")));
    }

    [Fact]
    public async Task The_runner_fails_a_trial_whose_model_is_outside_the_roots_before_reading_it()
    {
        using var cache = new TrialResourceCache();
        var runner = new BLoRATrialRunner(new LocalArtifactStore(Path.Combine(tmp, "store")), cache,
            Options.Create(options), NullLogger<BLoRATrialRunner>.Instance);
        var spec = new TrialSpec("sw", "sw.t00000", 0, ImmutableDictionary<string, string>.Empty, "hf:" + Path.Combine(outside, "secret"), "synthetic", 1, null, 0,
            ImmutableDictionary<string, string>.Empty, 1);

        var outcome = await runner.RunAsync(new TrialRun(spec, 1, null), new NullSink(), CancellationToken.None);

        Assert.Equal(TrialOutcomeKind.Failed, outcome.Kind);
        Assert.StartsWith("trial sw.t00000: modelRef: '", outcome.Reason, StringComparison.Ordinal);
        Assert.Contains("BLoRA:Runner:ModelRoots", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, cache.ModelLoads);
    }

    [Fact]
    public void Empty_roots_are_a_configuration_problem()
    {
        var bad = new RunnerOptions();
        bad.DataRoots.Add(" ");
        Assert.Contains(bad.Validate(), p => p.StartsWith("BLoRA:Runner:DataRoots:0: is empty", StringComparison.Ordinal));
        Assert.Equal([Environment.CurrentDirectory], new RunnerOptions().EffectiveModelRoots);
    }

    private sealed class NullSink : ITrialProgressSink
    {
        public ValueTask ReportAsync(TrialProgress progress, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
