using CheapTokens.Blazor.KeyPool;
using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Gives one run its Venice key: a pool key when the pool has one for the run's expiry, else a key minted on an account
/// with room, paced under that account's creation limit, and records it with the order. A run handed out before
/// without a key recorded is reconciled first: every key with its description whose secret was never saved is revoked
/// (a mint that stopped before saving, a pool key changed for it and then let go), except the pool key its saved claim
/// resumes; then it gets its one key.
/// </summary>
public sealed class KeyIssuer(
    OrderFulfillment fulfillment,
    PoolHandOut pool,
    VeniceAccountStates accounts,
    IKeyCreationBudget budget,
    IOptions<VeniceOptions> veniceOptions,
    TimeProvider clock,
    ILogger<KeyIssuer> logger)
{
    /// <exception cref="VeniceException">Venice refused or could not be reached; nothing was recorded.</exception>
    public async Task IssueAsync(ProvisioningJob job, CancellationToken cancellationToken)
    {
        // Every Venice call below (list, revoke, pool key change, create) goes into the order's timeline.
        using var calls = VeniceCallScope.ForOrder(job.OrderId);
        // Before the pool is asked: an earlier attempt may have minted a key and stopped before saving it, and a pool
        // key handed out now would leave that one live beside it.
        if (job.Resumed) await RevokeLeftoversAsync(job.KeyDescription, await pool.ClaimedKeyIdAsync(job, cancellationToken), cancellationToken);

        if (await pool.TryHandOutAsync(job, cancellationToken)) return;

        var account = await TakeCreationSlotAsync(cancellationToken);
        var venice = accounts.Accounts.ClientFor(account.Name);
        var key = await venice.CreateInferenceKeyAsync(
            new VeniceKeyRequest(job.KeyDescription, job.Credits, veniceOptions.Value.LimitUnit, job.ExpiresAt, job.LimitPeriod), cancellationToken);
        account.KeyCreated();
        var recordedAccount = accounts.All.Count == 1 ? null : account.Name;
        await fulfillment.RecordKeyAsync(job.OrderId, job.OrderKeyId, key.Id, key.ApiKey, key.ExpiresAt ?? job.ExpiresAt, recordedAccount, cancellationToken);
    }

    /// <summary>
    /// Waits (on the app's clock) until an account with room under its active-key cap may create a key, and takes that slot
    /// from the account's budget, which every node shares.
    /// </summary>
    private async Task<VeniceAccountState> TakeCreationSlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            var account = await accounts.ChooseForMintAsync(budget, now, cancellationToken)
                          ?? throw new VeniceException("Every Venice account is at its active-key cap.", 400, isTransient: false);
            if (await budget.TryTakeSlotAsync(account, now, cancellationToken)) return account;
            var wait = await budget.WaitBeforeNextAsync(account, clock.GetUtcNow(), cancellationToken);
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(50), clock, cancellationToken);
        }
    }

    /// <param name="keep">The pool key the run's saved claim resumes, if any: it is handed out, not revoked.</param>
    private async Task RevokeLeftoversAsync(string description, string? keep, CancellationToken cancellationToken)
    {
        foreach (var account in accounts.All)
        {
            var venice = accounts.Accounts.ClientFor(account.Name);
            foreach (var leftover in (await venice.ListKeysAsync(cancellationToken)).Where(k => k.Description == description && k.Id != keep))
            {
                logger.LogWarning("Revoking unrecorded Venice key {VeniceKeyId} left by an interrupted attempt", leftover.Id);
                await venice.RevokeKeyAsync(leftover.Id, cancellationToken);
                account.KeyRevoked();
            }
        }
    }
}
