namespace CheapTokens.Core.Supply;

/// <summary>What is left of each UTC date's supply: the one read behind the price board and checkout.</summary>
public interface ISupplyLedger
{
    /// <summary>Credits for sale per UTC date.</summary>
    int DailySupply { get; }

    /// <summary>What is left on each date, in the order given.</summary>
    Task<IReadOnlyList<DateRemaining>> GetRemainingAsync(IReadOnlyList<DateOnly> utcDates, CancellationToken cancellationToken);
}

/// <summary>What is left of one date's supply.</summary>
public sealed record DateRemaining(DateOnly Date, int Remaining);
