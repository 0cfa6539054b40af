namespace BLoRA.Hosting;

/// <summary>Where sweep and trial grain state (and reminders) live.</summary>
public enum GrainStorageProvider
{
    /// <summary>In memory: development and tests; a restarted cluster forgets its sweeps.</summary>
    Memory,

    /// <summary>Grain state in Azure Blob Storage, reminders in Azure Table Storage (Azurite locally).</summary>
    AzureStorage,
}
