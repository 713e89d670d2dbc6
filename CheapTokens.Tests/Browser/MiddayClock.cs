namespace CheapTokens.Tests.Browser;

/// <summary>
/// Reads 12:00 UTC of the current date when created, then runs at real speed (timers are the system's), so a
/// browser test sees the middle of the day whatever the hour CI runs at: no quote hold cut short by midnight,
/// no date rolling over between picking and paying.
/// </summary>
public sealed class MiddayClock : TimeProvider
{
    private readonly TimeSpan _shift;

    public MiddayClock()
    {
        var real = System.GetUtcNow();
        _shift = new DateTimeOffset(real.UtcDateTime.Date.AddHours(12), TimeSpan.Zero) - real;
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
}
