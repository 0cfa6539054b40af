using BLoRA.Training.Adapters.BayesianLora;

namespace BLoRA.Training.Adapters.Export;

/// <summary>manifest.json of an exported B-LoRA adapter.</summary>
public sealed record AdapterManifest(
    string Format,
    BayesianLoraConfig Config,
    IReadOnlyList<ExportedAdapterEntry> Adapters,
    IReadOnlyList<HeadTensorEntry> Head,
    BopReport Bops)
{
    public const string CurrentFormat = "blora-adapter/1";
    public const string FileName = "manifest.json";
}
