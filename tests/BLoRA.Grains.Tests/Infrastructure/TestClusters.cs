using BLoRA.Grains.Hosting;
using BLoRA.Grains.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace BLoRA.Grains.Tests.Infrastructure;

/// <summary>In-process clusters whose silos play the roles the tests need, with the fake runner on workers.</summary>
public static class TestClusters
{
    public const int WorkerSlots = 2;

    /// <summary>
    /// <paramref name="silos"/> silos; <paramref name="roleOf"/> maps a silo name (Silo_0, Silo_1...) to its role;
    /// <paramref name="storage"/> adds grain storage and reminders (default: in memory);
    /// <paramref name="configure"/> adjusts the cluster options after the test defaults;
    /// <paramref name="serviceId"/> is the service's identity in storage (reminders): a cluster built
    /// again with the same id and storage is the same service restarted.
    /// </summary>
    public static InProcessTestCluster Build(
        FakeRunnerJournal journal, short silos, Func<string, SiloRole> roleOf, Action<ISiloBuilder>? storage = null, Action<SweepClusterOptions>? configure = null,
        string? serviceId = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        builder.ConfigureSilo((options, silo) =>
        {
            var role = roleOf(options.SiloName);
            silo.AddSweepCluster(o =>
            {
                o.Role = role;
                o.Accelerator = WorkerMetadata.Cpu;
                o.WorkerSlots = WorkerSlots;
                o.PumpInterval = TimeSpan.FromMilliseconds(250);
                o.WatchdogInterval = TimeSpan.FromSeconds(1);
                o.ProgressPersistInterval = TimeSpan.FromMilliseconds(500);
                configure?.Invoke(o);
            });
            if (role != SiloRole.Coordinator)
            {
                silo.AddTrialRunner(sp => new FakeTrialRunner(journal, sp.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString()));
            }

            if (storage is null)
            {
                silo.AddSweepClusterMemoryStorage();
                silo.UseInMemoryReminderService();
            }
            else
            {
                storage(silo);
            }

            // Quick failure detection, so that kill tests do not wait for the production defaults.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
                o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            });
        });
        return builder.Build();
    }
}
