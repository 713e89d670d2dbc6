using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Components.Orders;

/// <summary>Buyers' keys as Venice (or the simulated Venice) knows them; each key is asked of the account holding it.</summary>
public sealed class BuyerKeys(IVeniceKeyClient defaultAccount, VeniceAccounts accounts, IOptions<VeniceOptions> options) : IBuyerKeys
{
    public async Task<KeyUsageReading> ReadUsageAsync(string veniceKeyId, string? veniceAccount, CancellationToken cancellationToken)
    {
        try
        {
            var venice = veniceAccount is null ? defaultAccount : accounts.ClientFor(veniceAccount);
            var key = await venice.GetKeyAsync(veniceKeyId, cancellationToken);
            if (key is null) return KeyUsageReading.Gone;
            return KeyUsageReading.Of(options.Value.LimitUnit == VeniceLimitUnit.Usd ? key.UsdUsed : key.DiemUsed);
        }
        catch (VeniceException)
        {
            return KeyUsageReading.Unanswered;
        }
    }
}
