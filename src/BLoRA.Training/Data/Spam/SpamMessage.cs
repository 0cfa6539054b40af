namespace BLoRA.Training.Data.Spam;

/// <summary>One parsed SpamAssassin message: its corpus group (easy-ham-1, hard-ham-1, spam-2, ...), id, subject and body text.</summary>
public sealed record SpamMessage(string Group, string Id, string Subject, string Body)
{
    public bool IsSpam => Group.StartsWith("spam", StringComparison.Ordinal);

    public bool IsHardHam => Group.StartsWith("hard-ham", StringComparison.Ordinal);

    /// <summary>What the classifier reads: the subject, then the body.</summary>
    public string Text => Subject.Length == 0 ? Body : Body.Length == 0 ? Subject : Subject + "\n" + Body;
}
