using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BLoRA.Cli.Tests.Security;

/// <summary>
/// Everything a process emits that could carry a secret: every log record at every level (message, structured
/// state, exception), every activity of every ActivitySource (name, tags, events, baggage, status), and the
/// Azure SDK's EventSource messages.
/// </summary>
internal sealed class TelemetryCapture : EventListener, ILoggerProvider
{
    private readonly ConcurrentQueue<string> logs = new();
    private readonly ConcurrentQueue<string> activities = new();
    private readonly ConcurrentQueue<string> events = new();
    private readonly ActivityListener listener;

    public TelemetryCapture()
    {
        listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => activities.Enqueue(Describe(a)),
        };
        ActivitySource.AddActivityListener(listener);
    }

    public IReadOnlyCollection<string> Logs => logs;

    public IReadOnlyCollection<string> Activities => activities;

    public IReadOnlyCollection<string> Events => events;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, logs);

    public override void Dispose()
    {
        listener.Dispose();
        base.Dispose();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name.StartsWith("Azure-", StringComparison.Ordinal))
        {
            EnableEvents(eventSource, EventLevel.Verbose);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var text = new StringBuilder($"{eventData.EventSource.Name}/{eventData.EventName}: ");
        if (eventData.Message is { } message)
        {
            text.Append(message).Append(" | ");
        }

        foreach (var payload in eventData.Payload ?? [])
        {
            text.Append(payload).Append(" | ");
        }

        events.Enqueue(text.ToString());
    }

    private static string Describe(Activity a)
    {
        var text = new StringBuilder($"{a.Source.Name} {a.OperationName} {a.DisplayName} {a.StatusDescription}");
        foreach (var tag in a.TagObjects)
        {
            text.Append($" {tag.Key}={tag.Value}");
        }

        foreach (var e in a.Events)
        {
            text.Append($" event {e.Name}");
            foreach (var tag in e.Tags)
            {
                text.Append($" {tag.Key}={tag.Value}");
            }
        }

        foreach (var baggage in a.Baggage)
        {
            text.Append($" baggage {baggage.Key}={baggage.Value}");
        }

        return text.ToString();
    }

    private sealed class Logger(string category, ConcurrentQueue<string> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            sink.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder($"{category} {logLevel}: {formatter(state, exception)}");
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    text.Append($" {key}={value}");
                }
            }

            if (exception is not null)
            {
                text.Append(' ').Append(exception);
            }

            sink.Enqueue(text.ToString());
        }
    }
}
