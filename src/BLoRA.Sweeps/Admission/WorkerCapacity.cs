namespace BLoRA.Sweeps.Admission;

/// <summary>A worker's slots: how many it has and how many are leased.</summary>
public sealed record WorkerCapacity<TWorker>(TWorker Worker, int Slots, int Used)
{
    public int Free => Math.Max(0, Slots - Used);
}
