using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Stripe;

/// <summary>Injected faults: counters per process, from Payments:Stripe:StandIn, replaceable by tests.</summary>
public sealed class StripeStandInFaults
{
    private readonly object _gate = new();
    private int _pending429;
    private int _pending500;
    private int _pendingTimeouts;
    private int _failEvery;
    private long _calls;
    private int _dropsLeft;

    public StripeStandInFaults(IOptions<StripeStandInOptions> options)
    {
        var standIn = options.Value;
        Inject(standIn.FailFirst429, standIn.FailFirst500, standIn.TimeOutFirst, standIn.FailEvery, standIn.DropFirstWebhooks);
    }

    /// <summary>Replaces pending faults: the next API calls answer 429, then 500, then time out; every Nth answers 500.</summary>
    public void Inject(int fail429 = 0, int fail500 = 0, int timeOut = 0, int failEvery = 0, int dropWebhooks = 0)
    {
        lock (_gate)
        {
            _pending429 = Math.Max(fail429, 0);
            _pending500 = Math.Max(fail500, 0);
            _pendingTimeouts = Math.Max(timeOut, 0);
            _failEvery = Math.Max(failEvery, 0);
            _dropsLeft = Math.Max(dropWebhooks, 0);
            _calls = 0;
        }
    }

    public StandInFault TakeApiFault()
    {
        lock (_gate)
        {
            _calls++;
            if (_pending429 > 0) { _pending429--; return StandInFault.TooManyRequests; }
            if (_pending500 > 0) { _pending500--; return StandInFault.ServerError; }
            if (_pendingTimeouts > 0) { _pendingTimeouts--; return StandInFault.Timeout; }
            if (_failEvery > 0 && _calls % _failEvery == 0) return StandInFault.ServerError;
            return StandInFault.None;
        }
    }

    public bool TakeWebhookDrop()
    {
        lock (_gate)
        {
            if (_dropsLeft <= 0) return false;
            _dropsLeft--;
            return true;
        }
    }
}

public enum StandInFault
{
    None,
    TooManyRequests,
    ServerError,
    Timeout,
}
