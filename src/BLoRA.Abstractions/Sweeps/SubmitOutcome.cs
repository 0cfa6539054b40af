namespace BLoRA.Abstractions;

[GenerateSerializer, Alias("blora.SubmitOutcome")]
public enum SubmitOutcome
{
    /// <summary>A new sweep was created and its trials are being admitted.</summary>
    Created = 0,
    /// <summary>The same spec was already submitted under this id: nothing changed.</summary>
    AlreadySubmitted = 1,
    /// <summary>The spec (or the sweep id) has problems; see <see cref="SubmitResult.Problems"/>.</summary>
    Invalid = 2,
    /// <summary>A different spec already exists under this sweep id.</summary>
    Conflict = 3,
}
