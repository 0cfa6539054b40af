namespace BLoRA.Deploy.Tests.Infrastructure;

/// <summary>
/// The offline checkers (promtool, prometheus, kustomize, docker-compose 1.29 and 2.x) as scripts/deploy-tools.sh
/// finds or fetches them (once, cached under .tools/deploy-tools). A tool that cannot be had fails the tests
/// that need it, with the script's reason.
/// </summary>
internal sealed class DeployTools
{
    private static readonly Lazy<DeployTools> Shared = new(Locate);

    private DeployTools(IReadOnlyDictionary<string, string> tools) => Tools = tools;

    public static DeployTools Instance => Shared.Value;

    public IReadOnlyDictionary<string, string> Tools { get; }

    public string Promtool => Tools["promtool"];

    public string Prometheus => Tools["prometheus"];

    public string Kustomize => Tools["kustomize"];

    public string ComposeV1 => Tools["compose_v1"];

    public string ComposeV2 => Tools["compose_v2"];

    private static DeployTools Locate()
    {
        var result = Processes.Run("bash", [Repo.Path("scripts/deploy-tools.sh")], timeout: TimeSpan.FromMinutes(5));
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.Describe("scripts/deploy-tools.sh"));
        }

        var tools = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
        foreach (var name in new[] { "promtool", "prometheus", "kustomize", "compose_v1", "compose_v2" })
        {
            if (!tools.TryGetValue(name, out var path) || !File.Exists(path))
            {
                throw new InvalidOperationException($"scripts/deploy-tools.sh named no usable {name}:{Environment.NewLine}{result.StdOut}{result.StdErr}");
            }
        }

        return new DeployTools(tools);
    }
}
