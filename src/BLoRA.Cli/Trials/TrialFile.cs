using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BLoRA.Cli.Trials;

/// <summary>Reads a trial file (YAML, or JSON, which YAML reads too); errors name the file, line and field.</summary>
internal static class TrialFile
{
    /// <summary>Files larger than this are refused before parsing.</summary>
    public const long MaxBytes = 1 << 20;

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static TrialFileDocument Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new TrialFileException($"{path}: no such file.");
        }

        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            throw new TrialFileException($"{path}: {info.Length} bytes is larger than the {MaxBytes}-byte limit for trial files.");
        }

        try
        {
            return Deserializer.Deserialize<TrialFileDocument>(File.ReadAllText(path)) ?? new TrialFileDocument();
        }
        catch (YamlException e)
        {
            var inner = e.InnerException is null ? "" : " " + e.InnerException.Message;
            throw new TrialFileException($"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}{inner}");
        }
    }
}
