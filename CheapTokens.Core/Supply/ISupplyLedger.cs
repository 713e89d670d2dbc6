namespace CheapTokens.Core.Supply;

/// <summary>Credits sold per UTC date against that date's supply.</summary>
public interface ISupplyLedger
{
    Task<int> GetSoldAsync(DateOnly utcDate, CancellationToken cancellationToken);
}
