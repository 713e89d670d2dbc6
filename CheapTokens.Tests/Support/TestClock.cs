namespace CheapTokens.Tests.Support;

/// <summary>A clock the test moves by hand (FakeTimeProvider is not in the package feed).</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }

    public void Set(DateTimeOffset to)
    {
        lock (_gate) _now = to;
    }
}
