using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Venice;
using CheapTokens.Core.Provisioning;
using CheapTokens.Core.Venice;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Provisioning;

/// <summary>
/// Mints the Venice key of one run, paced under Venice's creation limit, and records it with the order. A run
/// handed out before without a key recorded is reconciled first: a key with its description whose secret was
/// never saved is revoked, then one fresh key is minted.
/// </summary>
public sealed class KeyIssuer(
    IServiceScopeFactory scopes,
    OrderFulfillment fulfillment,
    KeyCreationPacer pacer,
    IOptions<VeniceOptions> veniceOptions,
    TimeProvider clock,
    ILogger<KeyIssuer> logger)
{
    /// <exception cref="VeniceException">Venice refused or could not be reached; nothing was recorded.</exception>
    public async Task IssueAsync(ProvisioningJob job, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var venice = scope.ServiceProvider.GetRequiredService<IVeniceKeyClient>();
        // A key with this run's description may exist from an attempt that stopped before saving it.
        // Its secret is lost with that attempt, so revoke it and mint one fresh key.
        if (job.Resumed) await RevokeLeftoversAsync(venice, job.KeyDescription, cancellationToken);

        var wait = pacer.WaitBeforeNext(clock.GetUtcNow());
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, cancellationToken);
        pacer.RecordCreation(clock.GetUtcNow());

        var key = await venice.CreateInferenceKeyAsync(
            new VeniceKeyRequest(job.KeyDescription, job.Credits, veniceOptions.Value.LimitUnit, job.ExpiresAt, job.LimitPeriod), cancellationToken);
        await fulfillment.RecordKeyAsync(job.OrderId, job.OrderKeyId, key.Id, key.ApiKey, key.ExpiresAt ?? job.ExpiresAt, cancellationToken);
    }

    private async Task RevokeLeftoversAsync(IVeniceKeyClient venice, string description, CancellationToken cancellationToken)
    {
        foreach (var leftover in (await venice.ListKeysAsync(cancellationToken)).Where(k => k.Description == description))
        {
            logger.LogWarning("Revoking unrecorded Venice key {VeniceKeyId} left by an interrupted attempt", leftover.Id);
            await venice.RevokeKeyAsync(leftover.Id, cancellationToken);
        }
    }
}
