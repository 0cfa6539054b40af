namespace BLoRA.Hosting;

/// <summary>How silos find each other.</summary>
public enum ClusteringProvider
{
    /// <summary>One machine, development (silo 11111, gateway 30000).</summary>
    Localhost,

    /// <summary>Azure Table Storage (Azurite locally).</summary>
    AzureTable,

    /// <summary>Redis.</summary>
    Redis,
}
