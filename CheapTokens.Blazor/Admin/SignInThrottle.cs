using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// Failed console sign-ins per client address, in front of the per-account lockout: an address that failed
/// OperatorConsole:SignInFailuresPerAddress times within the window is refused until its oldest failure leaves the
/// window, whichever account it names. So one address cannot run the account's failure count up to a lockout; the
/// operator signs in from elsewhere meanwhile. Kept in memory, per node: it limits guessing speed, while the lockout
/// (in the database) is shared by every node. Counts failures only, on the app's clock, so a successful sign-in costs
/// nothing.
/// </summary>
public sealed class SignInThrottle(IOptions<OperatorConsoleOptions> options, TimeProvider clock)
{
    /// <summary>Addresses remembered at most; past it the oldest are forgotten (an attacker with many addresses meets the lockout).</summary>
    private const int MaxAddresses = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the address must wait before its next try; null when it may try now.</summary>
    public TimeSpan? RetryAfter(string address)
    {
        if (!_failures.TryGetValue(address, out var failures)) return null;
        var now = clock.GetUtcNow();
        lock (failures)
        {
            Forget(failures, now);
            if (failures.Count < options.Value.SignInFailuresPerAddress) return null;
            return failures.Peek() + options.Value.SignInAddressWindow - now;
        }
    }

    public void Failed(string address)
    {
        if (_failures.Count >= MaxAddresses) Prune();
        var failures = _failures.GetOrAdd(address, _ => new Queue<DateTimeOffset>());
        var now = clock.GetUtcNow();
        lock (failures)
        {
            Forget(failures, now);
            failures.Enqueue(now);
        }
    }

    private void Forget(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() <= now - options.Value.SignInAddressWindow) failures.Dequeue();
    }

    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (address, failures) in _failures)
        {
            lock (failures) Forget(failures, now);
            if (failures.Count == 0) _failures.TryRemove(address, out _);
        }
        // Still full of addresses failing right now: drop an arbitrary half rather than grow without bound.
        if (_failures.Count >= MaxAddresses)
            foreach (var address in _failures.Keys.Take(MaxAddresses / 2)) _failures.TryRemove(address, out _);
    }

    /// <summary>The client's address as the request carries it (a trusted proxy's X-Forwarded-For already applied).</summary>
    public static string AddressOf(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
