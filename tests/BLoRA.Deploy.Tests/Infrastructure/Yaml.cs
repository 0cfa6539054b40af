using YamlDotNet.RepresentationModel;

namespace BLoRA.Deploy.Tests.Infrastructure;

/// <summary>Small helpers over YamlDotNet's representation model (compose files, kustomizations, Grafana provisioning).</summary>
internal static class Yaml
{
    public static YamlMappingNode Load(string text)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(text);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static YamlMappingNode LoadFile(string relative) => Load(Repo.Read(relative));

    public static YamlNode? Get(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static string? Scalar(this YamlNode node, string key) => (node.Get(key) as YamlScalarNode)?.Value;

    public static IEnumerable<YamlNode> Items(this YamlNode node, string key) => node.Get(key) is YamlSequenceNode seq ? seq.Children : [];

    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode node, string key) =>
        node.Get(key) is YamlMappingNode map ? map.Children.Select(kv => new KeyValuePair<string, YamlNode>(((YamlScalarNode)kv.Key).Value!, kv.Value)) : [];
}
