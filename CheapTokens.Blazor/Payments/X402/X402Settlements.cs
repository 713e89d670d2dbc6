using System.Text.Json;
using CheapTokens.Blazor.Data;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Payments.X402;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments.X402;

/// <summary>
/// The x402 side of the store's payment port: an order paid over x402 is "charged" by having the facilitator settle
/// the authorization saved with it, and refunded by a transfer back (the stand-in's) or by a person (a real network).
/// Charge ids are settlement transaction hashes (0x...), which no card processor uses. The payment ledger, settlement
/// and reconciliation treat these orders exactly as card orders (see <see cref="PaymentProcessorRouter"/>).
/// </summary>
public sealed class X402Settlements(
    IDbContextFactory<StoreDbContext> dbFactory,
    FacilitatorClient facilitator,
    IOptions<X402Options> options,
    TimeProvider clock,
    ILogger<X402Settlements> logger)
{
    /// <summary>The payment method recorded on an order paid over x402.</summary>
    public const string PaymentMethod = "x402";

    public static bool IsTransaction(string chargeId) => chargeId.StartsWith("0x", StringComparison.Ordinal);

    public async Task<X402Authorization?> FindForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.X402Authorizations.AsNoTracking().SingleOrDefaultAsync(a => a.OrderId == orderId, cancellationToken);
    }

    public async Task<ProcessorCharge> SettleAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var authorization = await FindForOrderAsync(orderId, cancellationToken)
                            ?? throw new InvalidOperationException($"Order {orderId} was placed over x402 without its authorization.");
        // Settled by an earlier call whose answer was recorded: a retry asks nothing twice.
        if (authorization.Transaction is { } known) return Succeeded(known);
        var askedBefore = authorization.SettlementAskedAt is not null;
        if (askedBefore && facilitator.IsStandIn && await facilitator.FindSettlementAsync(authorization.Nonce, cancellationToken) is { Success: true } earlier)
            return await ChargeOfAsync(authorization, earlier, cancellationToken);
        await MarkAskedAsync(authorization, cancellationToken);
        SettlementResponse settled;
        try
        {
            settled = await facilitator.SettleAsync(authorization.PaymentJson, authorization.RequirementJson, cancellationToken);
        }
        catch (FacilitatorUnavailableException e)
        {
            logger.LogWarning("Settlement of order {OrderId} has no answer: {Reason}; it is reconciled later", orderId, e.Message);
            return new ProcessorCharge(ChargeState.Unreachable, null, PaymentFailureCode.ProcessorError,
                "The facilitator did not answer; the payment is being checked. Do not pay again: follow the order.");
        }
        if (!settled.Success)
        {
            // The nonce is spent: only this store's earlier settlement can have spent it (the transfer pays this store).
            if (settled.ErrorReason == NonceSpent) return await FindSettledAsync(authorization, cancellationToken);
            // Asked before and never heard: the refusal now (say, the authorization has run out) may hide a settlement
            // that went through then. Never a decline, which would keep money taken: a person checks the chain.
            if (askedBefore && !facilitator.IsStandIn) return Unknown(authorization, settled.ErrorReason);
        }
        return await ChargeOfAsync(authorization, settled, cancellationToken);
    }

    /// <summary>x402's reason for a transfer that reverts on chain, as one whose nonce is already spent does.</summary>
    public const string NonceSpent = "invalid_transaction_state";

    /// <summary>
    /// What became of an order's settlement when the store did not hear (a timeout, a crash): the stand-in is asked by
    /// nonce; a real facilitator is asked to settle again (a settled nonce cannot be used twice on chain).
    /// Null when the order has no authorization, or the stand-in never settled it.
    /// </summary>
    public async Task<ProcessorCharge?> FindAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var authorization = await FindForOrderAsync(orderId, cancellationToken);
        if (authorization is null) return null;
        if (authorization.Transaction is { } known) return Succeeded(known);
        if (facilitator.IsStandIn)
        {
            var found = await facilitator.FindSettlementAsync(authorization.Nonce, cancellationToken);
            if (found is not null) return await ChargeOfAsync(authorization, found, cancellationToken);
            // Asked a moment ago (a buyer's retry may be settling it now): not a decline yet; the next pass looks again.
            if (authorization.SettlementAskedAt is { } asked && clock.GetUtcNow() - asked < TimeSpan.FromSeconds(2 * options.Value.FacilitatorTimeoutSeconds))
                return new ProcessorCharge(ChargeState.Processing, null, null, "The settlement is being asked for.");
            return null;
        }
        // Never asked: nothing can have been taken.
        if (authorization.SettlementAskedAt is null) return null;
        var again = await facilitator.SettleAsync(authorization.PaymentJson, authorization.RequirementJson, cancellationToken);
        if (again.Success) return await ChargeOfAsync(authorization, again, cancellationToken);
        return Unknown(authorization, again.ErrorReason);
    }

    private async Task<ProcessorCharge> FindSettledAsync(X402Authorization authorization, CancellationToken cancellationToken)
    {
        if (facilitator.IsStandIn && await facilitator.FindSettlementAsync(authorization.Nonce, cancellationToken) is { Success: true } found)
            return await ChargeOfAsync(authorization, found, cancellationToken);
        return Unknown(authorization, NonceSpent);
    }

    private ProcessorCharge Unknown(X402Authorization authorization, string? again)
    {
        var orderId = authorization.OrderId;
        // Refused now: either it never went through and cannot any more, or the first call did settle it. Only the
        // chain tells; the payment stays pending and a person looks (see docs/x402.md).
        logger.LogWarning("Settlement of order {OrderId} is unknown: settling again was refused ({Reason}); check nonce {Nonce} of {Payer} on {Network}",
            orderId, again, authorization.Nonce, authorization.Payer, authorization.Network);
        return new ProcessorCharge(ChargeState.Processing, null, null, again);
    }

    public async Task<ProcessorRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var authorization = await db.X402Authorizations.AsNoTracking().SingleOrDefaultAsync(a => a.Transaction == request.ChargeId, cancellationToken)
                            ?? throw new InvalidOperationException("No x402 authorization was settled by that transaction.");
        var amount = UsdcAmount.ToUsd(authorization.AtomicAmount);
        if (!facilitator.IsStandIn)
            // A transfer out of the store's wallet needs its key, which the store does not hold: a person sends it.
            return new ProcessorRefund(RefundState.Failed, null,
                $"USDC is paid back by a person: send {amount:0.00####} USDC on {authorization.Network} to {authorization.Payer} " +
                $"(paid in transaction {authorization.Transaction}).");
        try
        {
            var reply = await facilitator.RefundAsync(new FacilitatorRefundRequest(authorization.Network, options.Value.PayTo, authorization.Payer,
                authorization.AtomicAmount.ToString(System.Globalization.CultureInfo.InvariantCulture), request.IdempotencyKey), cancellationToken);
            return new ProcessorRefund(RefundState.Succeeded, reply.Transaction, null);
        }
        catch (FacilitatorUnavailableException e)
        {
            return new ProcessorRefund(RefundState.Unreachable, null, e.Message);
        }
    }

    private async Task<ProcessorCharge> ChargeOfAsync(X402Authorization authorization, SettlementResponse settled, CancellationToken cancellationToken)
    {
        if (!settled.Success || string.IsNullOrWhiteSpace(settled.Transaction))
        {
            var code = settled.ErrorReason == "insufficient_funds" ? PaymentFailureCode.InsufficientFunds : PaymentFailureCode.Declined;
            return new ProcessorCharge(ChargeState.Failed, null, code, $"The facilitator refused to settle the payment: {settled.ErrorReason ?? "no reason given"}.");
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.X402Authorizations.Where(a => a.Nonce == authorization.Nonce && a.Transaction == null)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Transaction, settled.Transaction), cancellationToken);
        return Succeeded(settled.Transaction);
    }

    /// <summary>Records that settlement is asked for now (each time, so reconciliation leaves a settlement in flight alone).</summary>
    private async Task MarkAskedAsync(X402Authorization authorization, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.X402Authorizations.Where(a => a.Nonce == authorization.Nonce)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.SettlementAskedAt, now), cancellationToken);
    }

    private static ProcessorCharge Succeeded(string transaction) => new(ChargeState.Succeeded, transaction, null, null);

    /// <summary>The requirement as saved, for the answer's X-PAYMENT-RESPONSE and the 402 again.</summary>
    public static PaymentRequirements RequirementOf(X402Authorization authorization) =>
        JsonSerializer.Deserialize<PaymentRequirements>(authorization.RequirementJson, X402Json.Options)!;
}
