using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace VrijwilligeOppas.Tests.Shared;

/// <summary>A logger that keeps every entry, to count how often a failure was logged.</summary>
internal sealed class ListLogger : ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Event, string Message, Exception? Exception)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Enqueue((logLevel, eventId.Name ?? string.Empty, formatter(state, exception), exception));

    public int Count(string eventName) => Entries.Count(e => e.Event == eventName);
}
