using CheapTokens.Blazor.Scheduling;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Time;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Options;
using Quartz;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>
/// Keeps each account's pool of keys for today: once fewer than KeyPool:LowWaterMark are free it mints, up to
/// KeyPool:Size, at most KeyPool:RefillPerMinute, and only in creation slots the account's budget (shared by every node)
/// has free at that moment (it never makes an order wait). Keys expire at the next 00:00 UTC, so right after midnight every pool counts
/// as empty and refills for the new day. Idempotent; a failed run leaves the next one to carry on.
/// </summary>
[DisallowConcurrentExecution]
public sealed class KeyPoolRefillJob(
    KeyPoolStore pool,
    VeniceAccountStates accounts,
    IKeyCreationBudget budget,
    IKeyVault vault,
    IOptions<KeyPoolOptions> options,
    IOptions<VeniceOptions> venice,
    TimeProvider clock,
    ILogger<KeyPoolRefillJob> logger) : CatchingJob(logger)
{
    protected override Task RunAsync(CancellationToken cancellationToken) => RefillAsync(cancellationToken);

    /// <returns>How many keys were minted into the pool.</returns>
    public async Task<int> RefillAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled || settings.Size == 0) return 0;
        var now = clock.GetUtcNow();
        var expiresAt = UtcDay.NextMidnight(now);
        var free = await pool.CountFreeAsync(expiresAt, cancellationToken);
        var perRun = Math.Max(1, (int)Math.Ceiling(settings.RefillPerMinute * settings.RefillIntervalSeconds / 60.0));
        var minted = 0;
        foreach (var account in accounts.All)
        {
            var left = free.GetValueOrDefault(account.Name);
            if (left < settings.LowWaterMark) account.Refilling = true;
            if (left >= settings.Size) account.Refilling = false;
            if (!account.Refilling) continue;
            var client = accounts.Accounts.ClientFor(account.Name);
            for (var made = 0;
                 made < perRun && left < settings.Size && account.HasRoom && await budget.TryTakeSlotAsync(account, clock.GetUtcNow(), cancellationToken);
                 made++)
            {
                await MintOneAsync(client, account, expiresAt, cancellationToken);
                left++;
                minted++;
            }
            if (left >= settings.Size) account.Refilling = false;
        }
        if (minted > 0) logger.LogInformation("Minted {Count} pool keys for {ExpiresAt:O}", minted, expiresAt);
        return minted;
    }

    private async Task MintOneAsync(IVeniceKeyClient client, VeniceAccountState account, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var key = await client.CreateInferenceKeyAsync(
            new VeniceKeyRequest(PoolKey.DescriptionFor(id), options.Value.PlaceholderLimit, venice.Value.LimitUnit, expiresAt), cancellationToken);
        account.KeyCreated();
        await pool.AddAsync(new PoolKey
        {
            Id = id,
            Account = account.Name,
            VeniceKeyId = key.Id,
            ProtectedApiKey = vault.Protect(key.ApiKey),
            ApiKeyHint = ApiKeyHint.Of(key.ApiKey),
            ExpiresAt = key.ExpiresAt ?? expiresAt,
            CreatedAt = clock.GetUtcNow(),
        }, cancellationToken);
    }
}
