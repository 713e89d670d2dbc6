using CheapTokens.Core.Supply;
namespace CheapTokens.Blazor.Supply;
// TEMPORARY until the orders database lands: nothing can be sold yet.
public sealed class NoSalesLedger : ISupplyLedger
{
    public Task<int> GetSoldAsync(DateOnly utcDate, CancellationToken cancellationToken) => Task.FromResult(0);
}
