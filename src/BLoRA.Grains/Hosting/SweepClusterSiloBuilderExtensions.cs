using BLoRA.Abstractions;
using BLoRA.Grains.Execution;
using BLoRA.Grains.Placement;
using BLoRA.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Serialization;
using Orleans.Storage;

namespace BLoRA.Grains.Hosting;

/// <summary>Wires a silo into the sweep cluster.</summary>
public static class SweepClusterSiloBuilderExtensions
{
    /// <summary>
    /// Makes this silo a coordinator, worker or dev silo of the sweep cluster: advertises its role,
    /// accelerator and slots as silo metadata, registers the placement filters (trials only on
    /// workers, sweeps preferably on coordinators) and the per-silo trial execution host. Call on
    /// every silo. Workers also need <see cref="AddTrialRunner{TRunner}(ISiloBuilder)"/>; every silo
    /// needs grain storage named <see cref="GrainStorageNames.Sweeps"/> and a reminder service.
    /// </summary>
    /// <exception cref="OptionsValidationException">The options have problems (all are listed, with the keys to set).</exception>
    public static ISiloBuilder AddSweepCluster(this ISiloBuilder builder, Action<SweepClusterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SweepClusterOptions();
        configure?.Invoke(options);
        var problems = SweepClusterOptionsValidator.Problems(options);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(SweepClusterOptions), problems);
        }

        // Metadata is static for the silo's life: role and capacity only, never live load.
        builder.UseSiloMetadata(WorkerMetadata.For(options));
        builder.Services.AddSingleton(Options.Create(options));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SweepClusterOptions>, SweepClusterOptionsValidator>());
        builder.Services.AddSingleton<TrialExecutionHost>();
        builder.Services.AddHostedService<WorkerSlotsMetrics>();
        builder.Services.AddPlacementFilter<WorkerPlacementFilterStrategy, SiloRolePlacementFilterDirector>(ServiceLifetime.Transient);
        builder.Services.AddPlacementFilter<CoordinatorPlacementFilterStrategy, SiloRolePlacementFilterDirector>(ServiceLifetime.Transient);
        return builder;
    }

    /// <summary>Binds this worker silo's <see cref="ITrialRunner"/> (one instance, shared by its trials).</summary>
    public static ISiloBuilder AddTrialRunner<TRunner>(this ISiloBuilder builder)
        where TRunner : class, ITrialRunner
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ITrialRunner, TRunner>();
        return builder;
    }

    /// <inheritdoc cref="AddTrialRunner{TRunner}(ISiloBuilder)"/>
    public static ISiloBuilder AddTrialRunner(this ISiloBuilder builder, Func<IServiceProvider, ITrialRunner> factory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(factory);
        return builder;
    }

    /// <summary>
    /// In-memory grain storage for the cluster's grains (tests and development: a killed silo loses
    /// the records it held). State is written with the Orleans serializer, as for the blob store.
    /// </summary>
    public static ISiloBuilder AddSweepClusterMemoryStorage(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.AddMemoryGrainStorage(GrainStorageNames.Sweeps, (OptionsBuilder<MemoryGrainStorageOptions> o) =>
            o.Configure<Serializer>((options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));
    }
}
