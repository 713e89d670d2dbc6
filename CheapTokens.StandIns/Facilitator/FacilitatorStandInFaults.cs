using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Facilitator;

/// <summary>What the next settlement does wrong: counters per process, from Payments:X402:StandIn, replaceable by tests.</summary>
public sealed class FacilitatorStandInFaults
{
    private readonly object _gate = new();
    private int _failuresLeft;
    private int _timeoutsLeft;

    public FacilitatorStandInFaults(IOptions<FacilitatorStandInOptions> options)
    {
        var standIn = options.Value;
        Inject(standIn.FailFirstSettlements, standIn.TimeOutFirstSettlements, standIn.SettleTwice);
    }

    /// <summary>Whether a nonce may be settled again (see <see cref="FacilitatorStandInOptions.SettleTwice"/>).</summary>
    public bool SettleTwice { get; private set; }

    /// <summary>Replaces pending faults: the next settlements are refused, then time out.</summary>
    public void Inject(int fail = 0, int timeOut = 0, bool settleTwice = false)
    {
        lock (_gate)
        {
            _failuresLeft = Math.Max(fail, 0);
            _timeoutsLeft = Math.Max(timeOut, 0);
            SettleTwice = settleTwice;
        }
    }

    public FacilitatorFault TakeSettlementFault()
    {
        lock (_gate)
        {
            if (_failuresLeft > 0) { _failuresLeft--; return FacilitatorFault.Fail; }
            if (_timeoutsLeft > 0) { _timeoutsLeft--; return FacilitatorFault.Timeout; }
            return FacilitatorFault.None;
        }
    }
}

public enum FacilitatorFault
{
    None,
    Fail,
    Timeout,
}
