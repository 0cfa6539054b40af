namespace BLoRA.Training.Training;

/// <summary>
/// Where a run resumes: <see cref="Folder"/>, the newest checkpoint that passed its checksums, or null
/// (start from step 0); <see cref="Rejected"/> names each newer checkpoint that did not, with why.
/// </summary>
public sealed record ResumePoint(string? Folder, int Step, IReadOnlyList<string> Rejected)
{
    /// <summary>One line for logs: where the run resumes and what was skipped.</summary>
    public string Describe()
    {
        var skipped = Rejected.Count == 0 ? "" : $" ({Rejected.Count} newer checkpoint(s) unusable: {string.Join("; ", Rejected)})";
        return Folder is null
            ? $"no usable checkpoint{skipped}: starting from step 0"
            : $"resuming from {Path.GetFileName(Folder)} (step {Step}){skipped}";
    }
}
