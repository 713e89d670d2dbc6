using CheapTokens.Blazor.Venice;

namespace CheapTokens.Blazor.Admin;

/// <summary>Where a problem came from, as the console groups them.</summary>
public enum ProblemSource { Venice, Payments }

/// <summary>One warning or error the store logged. The log lines themselves never carry secrets, so neither does this.</summary>
public sealed record RecentProblem(DateTimeOffset At, ProblemSource Source, string Level, string Category, string Message);

/// <summary>How often Venice asked the store to slow down (429 with Retry-After, waited out and retried) since it started.</summary>
/// <param name="LastAt">The latest; null before the first.</param>
public sealed record VeniceThrottling(int Count, DateTimeOffset? LastAt)
{
    public static readonly VeniceThrottling None = new(0, null);
}

/// <summary>
/// Keeps the last warnings and errors the store logged about Venice (client, provisioning, key pool) and about payments
/// (charges, settlement, reconciliation, webhooks), for the console's health panel. A logger provider, so no feature
/// has to report to the console: what goes to the log shows up here. Venice's throttles (<see cref="VeniceLogEvents.Throttled"/>)
/// are expected while a key pool fills and the store waits them out: they are counted, not listed as problems.
/// </summary>
public sealed class RecentProblems(TimeProvider clock) : ILoggerProvider
{
    public const int Kept = 20;

    private static readonly (string Prefix, ProblemSource Source)[] Sources =
    [
        ("CheapTokens.StandIns.", (ProblemSource)(-1)),
        ("CheapTokens.Blazor.Venice.", ProblemSource.Venice),
        ("CheapTokens.Blazor.Provisioning.", ProblemSource.Venice),
        ("CheapTokens.Blazor.KeyPool.StoreGaugeCache", (ProblemSource)(-1)), // the metrics' own refresh, not Venice
        ("CheapTokens.Blazor.KeyPool.", ProblemSource.Venice),
        ("CheapTokens.Blazor.Payments.", ProblemSource.Payments),
        ("CheapTokens.Blazor.Checkout.OrderPayment", ProblemSource.Payments),
    ];

    private readonly LinkedList<RecentProblem> _problems = new();
    private VeniceThrottling _throttling = VeniceThrottling.None;

    public VeniceThrottling Throttling
    {
        get { lock (_problems) return _throttling; }
    }

    /// <summary>Newest first.</summary>
    public IReadOnlyList<RecentProblem> Latest(ProblemSource source)
    {
        lock (_problems) return _problems.Where(p => p.Source == source).ToList();
    }

    public ILogger CreateLogger(string categoryName)
    {
        // The stand-in's own logs are not the store's problems.
        var match = Sources.FirstOrDefault(s => categoryName.StartsWith(s.Prefix, StringComparison.Ordinal));
        return match.Prefix is null || (int)match.Source < 0 ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : new Logger(this, match.Source, categoryName);
    }

    public void Dispose()
    {
    }

    private void Throttled(DateTimeOffset at)
    {
        lock (_problems) _throttling = new VeniceThrottling(_throttling.Count + 1, at);
    }

    private void Add(RecentProblem problem)
    {
        lock (_problems)
        {
            _problems.AddFirst(problem);
            // Kept per source, so a storm of one kind never hides the other.
            while (_problems.Count(p => p.Source == problem.Source) > Kept)
                _problems.Remove(_problems.Last(p => p.Source == problem.Source));
        }
    }

    private sealed class Logger(RecentProblems owner, ProblemSource source, string category) : ILogger
    {
        private readonly string _shortCategory = category[(category.LastIndexOf('.') + 1)..];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        // Information too, for the throttles: everything else below a warning is dropped in Log.
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId == VeniceLogEvents.Throttled)
            {
                owner.Throttled(owner.Now);
                return;
            }
            if (logLevel < LogLevel.Warning) return;
            // The exception's type only: its message and stack are for the log, not the console.
            var message = formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name})");
            owner.Add(new RecentProblem(owner.Now, source, logLevel.ToString(), _shortCategory, message));
        }
    }

    private DateTimeOffset Now => clock.GetUtcNow();
}
