using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// Gives a run a key from the pool: claim (saved first), change the key's limit, period, description and expiry to the
/// order's (PATCH, retried like creation), check Venice now holds exactly that, then record it with the order. A key
/// whose change failed for good is discarded (revoked, never handed out) and the caller mints instead.
/// </summary>
public sealed class PoolHandOut(
    KeyPoolStore pool,
    VeniceAccountStates accounts,
    OrderFulfillment fulfillment,
    IKeyVault vault,
    IOptions<KeyPoolOptions> options,
    IOptions<VeniceOptions> venice,
    TimeProvider clock,
    ILogger<PoolHandOut> logger)
{
    /// <summary>The Venice id of the pool key a run has claimed and not let go, which a resumed run hands out again.</summary>
    public async Task<string?> ClaimedKeyIdAsync(ProvisioningJob job, CancellationToken cancellationToken) =>
        options.Value.Enabled ? (await pool.FindClaimAsync(job.OrderKeyId, cancellationToken))?.VeniceKeyId : null;

    /// <returns>True when the run now holds a pool key; false when the pool had none for it or the key could not be changed.</returns>
    public async Task<bool> TryHandOutAsync(ProvisioningJob job, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return false;
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow();
        // A claim saved before an interruption is resumed: the same key for the same run.
        var key = await pool.FindClaimAsync(job.OrderKeyId, cancellationToken)
                  ?? await pool.TryClaimAsync(job.OrderKeyId, job.ExpiresAt, now, cancellationToken);
        if (key is null) return false;
        var claimed = clock.GetTimestamp();

        var client = accounts.Accounts.ClientFor(key.Account);
        var limitUnit = venice.Value.LimitUnit;
        var update = new VeniceKeyUpdate(key.VeniceKeyId, job.KeyDescription, job.Credits, limitUnit, job.ExpiresAt, job.LimitPeriod);
        try
        {
            var updated = await client.UpdateKeyAsync(update, cancellationToken);
            if (!HoldsTheOrdersTerms(updated, update))
            {
                logger.LogError("Venice key {VeniceKeyId} did not take the order's limit; it is not handed out", key.VeniceKeyId);
                await DiscardAsync(key, client, cancellationToken);
                return false;
            }
        }
        catch (VeniceException ex)
        {
            logger.LogWarning("Changing pool key {VeniceKeyId} for order {OrderId} failed ({Status}); minting instead", key.VeniceKeyId, job.OrderId, ex.StatusCode);
            await DiscardAsync(key, client, cancellationToken);
            return false;
        }

        var changed = clock.GetTimestamp();
        var apiKey = vault.Unprotect(key.ProtectedApiKey);
        // Marked before the order records it, so the pool is settled once the buyer sees the key; a stop in between
        // resumes the same claim (it is still not discarded) and records it then.
        await pool.MarkHandedOutAsync(key.Id, clock.GetUtcNow(), cancellationToken);
        await fulfillment.RecordKeyAsync(job.OrderId, job.OrderKeyId, key.VeniceKeyId, apiKey, key.ExpiresAt, Recorded(key.Account), cancellationToken);
        // Each step's share, so a slow hand-out says where its time went (the rush bench reads these).
        logger.LogInformation(
            "Pool key {VeniceKeyId} handed out to order {OrderId} in {HandOutMs:0.0} ms: claim {ClaimMs:0.0} ms, change at Venice {ChangeMs:0.0} ms, record {RecordMs:0.0} ms",
            key.VeniceKeyId, job.OrderId, clock.GetElapsedTime(started).TotalMilliseconds, Ms(started, claimed), Ms(claimed, changed), clock.GetElapsedTime(changed).TotalMilliseconds);
        return true;
    }

    private double Ms(long from, long to) => clock.GetElapsedTime(from, to).TotalMilliseconds;

    /// <summary>The default account is recorded as null, as keys minted before accounts existed are.</summary>
    private string? Recorded(string account) => accounts.Accounts.Names.Count == 1 ? null : account;

    /// <summary>Never the placeholder: the limit Venice answers must be the order's, in the order's unit.</summary>
    private static bool HoldsTheOrdersTerms(VeniceKeySummary key, VeniceKeyUpdate update)
    {
        var limit = update.LimitUnit == VeniceLimitUnit.Usd ? key.UsdLimit : key.DiemLimit;
        return limit == update.ConsumptionLimit && key.Description == update.Description;
    }

    private async Task DiscardAsync(PoolKey key, IVeniceKeyClient client, CancellationToken cancellationToken)
    {
        await pool.DiscardAsync(key.Id, clock.GetUtcNow(), cancellationToken);
        try
        {
            await client.RevokeKeyAsync(key.VeniceKeyId, cancellationToken);
            accounts.Get(key.Account).KeyRevoked();
        }
        catch (VeniceException ex)
        {
            // The sweep revokes discarded keys later.
            logger.LogWarning("Could not revoke discarded pool key {VeniceKeyId} yet ({Status})", key.VeniceKeyId, ex.StatusCode);
        }
    }
}
