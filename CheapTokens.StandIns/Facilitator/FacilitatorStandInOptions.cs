using Microsoft.Extensions.Options;

namespace CheapTokens.StandIns.Facilitator;

/// <summary>Section "Payments:X402:StandIn": the app's own x402 facilitator, its simulated USDC ledger and its faults.</summary>
public sealed class FacilitatorStandInOptions
{
    public const string SectionName = "Payments:X402:StandIn";

    public bool Enabled { get; set; } = true;

    /// <summary>Only loopback callers (the store itself) are answered unless this is true.</summary>
    public bool AllowRemoteCallers { get; set; }

    /// <summary>What any address holds the first time the ledger sees it, in USDC: a fresh wallet can try the demo at once.</summary>
    public decimal StartingBalance { get; set; } = 1000m;

    /// <summary>The first N settlements are refused (unexpected_settle_error); nothing moves.</summary>
    public int FailFirstSettlements { get; set; }

    /// <summary>After those, the next N settlements are carried out but answered only after <see cref="TimeoutSeconds"/>.</summary>
    public int TimeOutFirstSettlements { get; set; }

    /// <summary>
    /// The stand-in forgets that a nonce settles once: the same authorization sent again is settled again, as a
    /// facilitator with a broken nonce check would (the store's own nonce rule is what stops it).
    /// </summary>
    public bool SettleTwice { get; set; }

    /// <summary>How long a timed-out settlement holds its answer.</summary>
    public double TimeoutSeconds { get; set; } = 120;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (StartingBalance is < 0 or > 1_000_000_000m || decimal.Round(StartingBalance, 6) != StartingBalance)
            errors.Add($"{SectionName}:{nameof(StartingBalance)} must be between 0 and 1000000000 USDC, in whole millionths.");
        if (FailFirstSettlements < 0) errors.Add($"{SectionName}:{nameof(FailFirstSettlements)} must not be negative.");
        if (TimeOutFirstSettlements < 0) errors.Add($"{SectionName}:{nameof(TimeOutFirstSettlements)} must not be negative.");
        if (TimeoutSeconds is < 0 or > 3600) errors.Add($"{SectionName}:{nameof(TimeoutSeconds)} must be between 0 and 3600.");
        return errors;
    }
}

/// <summary>Every problem with the section at start, each naming its key.</summary>
internal sealed class FacilitatorStandInOptionsValidator : IValidateOptions<FacilitatorStandInOptions>
{
    public ValidateOptionsResult Validate(string? name, FacilitatorStandInOptions options) =>
        options.Validate() is { Count: > 0 } errors ? ValidateOptionsResult.Fail(errors) : ValidateOptionsResult.Success;
}
