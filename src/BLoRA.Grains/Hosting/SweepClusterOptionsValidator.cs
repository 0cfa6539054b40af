using Microsoft.Extensions.Options;

namespace BLoRA.Grains.Hosting;

/// <summary>Lists every problem with <see cref="SweepClusterOptions"/>, each naming the key to set.</summary>
public sealed class SweepClusterOptionsValidator : IValidateOptions<SweepClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, SweepClusterOptions options)
    {
        var failures = Problems(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static IReadOnlyList<string> Problems(SweepClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = SweepClusterOptions.SectionName;
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Role))
        {
            failures.Add($"{S}:Role: '{options.Role}' is not a role; set Coordinator, Worker or Dev.");
        }

        if (options.RunsTrials)
        {
            if (options.Accelerator is not (WorkerMetadata.Gpu or WorkerMetadata.Cpu))
            {
                failures.Add($"{S}:Accelerator: '{options.Accelerator}' is not supported; set 'gpu' or 'cpu'.");
            }

            if (options.WorkerSlots is < 1 or > 1024)
            {
                failures.Add($"{S}:WorkerSlots: {options.WorkerSlots} is out of range; set 1..1024 (usually the silo's GPU count).");
            }
        }

        Positive(failures, $"{S}:PumpInterval", options.PumpInterval);
        Positive(failures, $"{S}:WatchdogInterval", options.WatchdogInterval);
        Positive(failures, $"{S}:ProgressPersistInterval", options.ProgressPersistInterval);
        if (options.TrialReminderDelay < TimeSpan.Zero || options.TrialReminderDelay > TimeSpan.FromHours(1))
        {
            failures.Add($"{S}:TrialReminderDelay: {options.TrialReminderDelay} is out of range; set a duration from zero (at start) to 01:00:00.");
        }

        if (options.ReminderPeriod < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{S}:ReminderPeriod: {options.ReminderPeriod} is shorter than Orleans' 1-minute minimum; set 00:01:00 or more.");
        }

        return failures;
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
        {
            failures.Add($"{key}: {value} is out of range; set a duration above zero and at most 01:00:00.");
        }
    }
}
