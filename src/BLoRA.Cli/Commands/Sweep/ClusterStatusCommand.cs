using BLoRA.Cli.Cluster;
using BLoRA.Cli.Infrastructure;
using BLoRA.Cli.Sweeps;
using BLoRA.Grains.Ledger;
using Spectre.Console;

namespace BLoRA.Cli.Commands.Sweep;

/// <summary>`blora cluster status`: every silo, its role and its worker slots in use.</summary>
internal sealed class ClusterStatusCommand(IAnsiConsole console, IClusterConnectionFactory connections) : ClusterCommand<ClusterSettings>(console, connections)
{
    protected override async Task<int> RunAsync(IClusterClient client, ClusterSettings settings, Func<CancellationToken, Task<IClusterClient>> reconnect, CancellationToken cancellationToken)
    {
        var hosts = await client.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: true, cancellationToken);
        var pool = await client.GetGrain<ISlotLedgerGrain>(0).GetPoolAsync();
        var workers = pool.Workers.ToDictionary(w => w.Silo, w => w);
        var rows = hosts.Select(h => new
        {
            Silo = h.SiloName,
            Address = h.SiloAddress.ToString(),
            Status = h.Status.ToString(),
            Role = workers.ContainsKey(h.SiloAddress) ? "worker" : "coordinator",
            Slots = workers.TryGetValue(h.SiloAddress, out var w) ? w.Slots : 0,
            Used = workers.TryGetValue(h.SiloAddress, out var u) ? u.Used : 0,
        }).ToList();
        if (settings.Json)
        {
            JsonOutput.Write(Console, new { silos = rows, totalSlots = pool.TotalSlots, usedSlots = pool.UsedSlots });
            return 0;
        }

        var table = new Table().AddColumns("silo", "address", "status", "role", "slots in use").Border(TableBorder.Rounded);
        foreach (var r in rows)
        {
            table.AddRow(Markup.Escape(r.Silo), Markup.Escape(r.Address), r.Status, r.Role, r.Role == "worker" ? $"{r.Used} / {r.Slots}" : "-");
        }

        Console.Write(table);
        Console.MarkupLineInterpolated($"worker slots in use: {pool.UsedSlots} / {pool.TotalSlots}{(pool.HasWorkers ? "" : " (no worker silo: trials wait until one joins)")}");
        return 0;
    }
}
