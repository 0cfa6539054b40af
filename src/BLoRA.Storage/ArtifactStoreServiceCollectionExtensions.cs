using Azure.Storage.Blobs;
using BLoRA.Abstractions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BLoRA.Storage;

public static class ArtifactStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IArtifactStore"/> from the <c>BLoRA:Artifacts</c> section of
    /// <paramref name="configuration"/>; resolving it with invalid options throws
    /// <see cref="OptionsValidationException"/> listing every problem with the key to set.
    /// </summary>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddArtifactStore(o => configuration.GetSection(ArtifactStoreOptions.SectionName).Bind(o));
    }

    /// <inheritdoc cref="AddArtifactStore(IServiceCollection, IConfiguration)"/>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services, Action<ArtifactStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<ArtifactStoreOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactStoreOptions>, ArtifactStoreOptionsValidator>());
        services.TryAddSingleton<IArtifactStore>(sp => Create(sp.GetRequiredService<IOptions<ArtifactStoreOptions>>().Value));
        return services;
    }

    /// <summary>The store <paramref name="options"/> describe (validated).</summary>
    public static IArtifactStore Create(ArtifactStoreOptions options)
    {
        var problems = ArtifactStoreOptionsValidator.Problems(options);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(ArtifactStoreOptions), problems);
        }

        if (options.Kind == ArtifactStoreKind.Local)
        {
            return new LocalArtifactStore(options.LocalDirectory!);
        }

        return new AzureBlobArtifactStore(CreateBlobServiceClient(options).GetBlobContainerClient(options.ContainerName));
    }

    /// <summary>The blob service of <paramref name="options"/>: from the connection string, the SAS URI, or the endpoint with Azure identity.</summary>
    public static BlobServiceClient CreateBlobServiceClient(ArtifactStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.ServiceUri switch
        {
            null => new BlobServiceClient(options.ConnectionString),
            { } sas when AzureCredentials.HasSasToken(sas) => new BlobServiceClient(sas),
            { } endpoint => new BlobServiceClient(endpoint, AzureCredentials.Create(options.ManagedIdentityClientId)),
        };
    }
}
