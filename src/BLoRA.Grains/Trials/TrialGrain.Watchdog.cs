using BLoRA.Abstractions;
using Orleans.Storage;

namespace BLoRA.Grains.Trials;

/// <summary>The watchdogs of a running attempt: a keep-alive grain timer and a durable reminder.</summary>
public sealed partial class TrialGrain
{
    private async Task StartWatchdogAsync()
    {
        watchdog ??= this.RegisterGrainTimer(
            () => S.State == TrialState.Running ? EnsureRunningAsync() : unsaved ? SaveStopAsync() : Task.CompletedTask,
            new GrainTimerCreationOptions(options.WatchdogInterval, options.WatchdogInterval) { KeepAlive = true });
        if (!options.TrialReminders || reminder is not null)
        {
            return;
        }

        if (options.TrialReminderDelay <= TimeSpan.Zero)
        {
            await RegisterReminderAsync();
        }
        else
        {
            // Timer callbacks do not interleave with calls: a run that ends first disposes it.
            reminderTimer ??= this.RegisterGrainTimer(
                RegisterReminderAsync,
                new GrainTimerCreationOptions(options.TrialReminderDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
    }

    private async Task RegisterReminderAsync()
    {
        reminderTimer?.Dispose();
        reminderTimer = null;
        if (S.State == TrialState.Running && reminder is null)
        {
            reminder = await this.RegisterOrUpdateReminder(WatchdogReminder, options.ReminderPeriod, options.ReminderPeriod);
        }
    }

    /// <summary>A stop whose write failed (storage unavailable): write it again, then stop watching.</summary>
    private async Task SaveStopAsync()
    {
        try
        {
            await PersistAsync();
        }
        catch (InconsistentStateException)
        {
            // The earlier write landed after all (or another activation wrote since): take the record as it is.
            unsaved = false;
            await state.ReadStateAsync();
            if (S.State == TrialState.Running)
            {
                return;
            }
        }

        await StopWatchdogAsync();
    }

    private async Task StopWatchdogAsync()
    {
        watchdog?.Dispose();
        watchdog = null;
        reminderTimer?.Dispose();
        reminderTimer = null;
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
            reminder = null;
        }
        else if (mayHoldReminder && await this.GetReminder(WatchdogReminder) is { } registered)
        {
            // Registered by an earlier activation of this trial.
            await this.UnregisterReminder(registered);
        }

        mayHoldReminder = false;
    }
}
