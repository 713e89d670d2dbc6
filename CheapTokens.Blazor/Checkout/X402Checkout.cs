using System.Net;
using CheapTokens.Blazor.Payments;
using CheapTokens.Blazor.Payments.X402;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Security;
using CheapTokens.Blazor.Telemetry;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Core.Payments.X402;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Checkout;

/// <summary>
/// Buying over x402. Without a payment: a quote for the request, remembered as offered for it, and the requirement to
/// pay it. With one: the live quote offered for the same request and the value authorized, the store's own
/// verification, the facilitator's, the nonce reserved (once ever), and then the card checkout's own steps: the order,
/// its supply and its payment written together (Pending) before the facilitator settles, the settlement applied by
/// <see cref="PaymentSettlement"/>. Nothing is settled for an order that cannot be served.
/// </summary>
public sealed class X402Checkout(
    QuoteService quotes,
    X402Offers offers,
    IDbContextFactory<StoreDbContext> dbFactory,
    IdempotentCheckout idempotency,
    IdempotencyRecords records,
    PaymentLedger ledger,
    CheckoutPayment payment,
    SellingLimits sellingLimits,
    ClientRequestLimits requestLimits,
    FacilitatorClient facilitator,
    TimeProvider clock,
    StoreMetrics? metrics = null)
{
    public const string NoLiveQuote = "no_live_quote";
    public const string AuthorizationUsed = "authorization_used";
    public const string FacilitatorRefused = "facilitator_refused";

    /// <summary>How many offered quotes a payment tries when other payments at the same price take them first.</summary>
    private const int MaxQuoteTries = 5;

    /// <summary>Quotes the request and offers it over x402.</summary>
    public async Task<X402OrderResult> OfferAsync(X402OrderRequest request, Uri resource, CancellationToken cancellationToken)
    {
        var created = request.IsPass
            ? await quotes.CreatePassQuoteAsync(request.DiemPerDay, request.Dates, cancellationToken)
            : await quotes.CreateQuoteAsync(request.Credits, cancellationToken);
        if (created is not CreateQuoteResult.Created { Quote: var quote }) return new X402OrderResult.NotQuoted(created);
        var requirement = await OfferQuoteAsync(quote, resource, cancellationToken)
                          ?? throw new InvalidOperationException($"Quote {quote.Id} was made with too little life to be paid over x402.");
        return new X402OrderResult.Offered(requirement);
    }

    /// <summary>
    /// Offers a quote made elsewhere (an agent quoting through the MCP server) over x402: remembered as offered for the
    /// body that buys it, so that body sent with a payment of its total finds it. Null when it has too little life left
    /// to be paid; offering the same quote again changes nothing.
    /// </summary>
    public async Task<PaymentRequirements?> OfferQuoteAsync(Quote quote, Uri resource, CancellationToken cancellationToken)
    {
        if (offers.ForQuote(quote, resource) is not { } requirement) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.X402Offers.AnyAsync(o => o.QuoteId == quote.Id, cancellationToken)) return requirement;
        db.X402Offers.Add(new X402Offer
        {
            QuoteId = quote.Id,
            RequestFingerprint = X402OrderRequest.For(quote).ProductFingerprint()!,
            AtomicAmount = (long)UsdcAmount.ToAtomicUnits(quote.Total),
            CreatedAt = quote.CreatedAt,
            ExpiresAt = quote.ExpiresAt,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same quote offered at once by another request: one offer row is what both wanted.
            if (!await OfferedAsync(quote.Id, cancellationToken)) throw;
        }
        return requirement;
    }

    private async Task<bool> OfferedAsync(Guid quoteId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.X402Offers.AnyAsync(o => o.QuoteId == quoteId, cancellationToken);
    }

    /// <summary>Places and pays the order <paramref name="paid"/> pays for, or says why not.</summary>
    public async Task<X402OrderResult> PayAsync(X402OrderRequest request, X402Payment paid, Uri resource, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        using var span = StoreTracing.Source.StartActivity("place x402 order");
        if (request.ProductFingerprint() is not { } product)
            // Dates that are not dates: the quote's own checks say what is wrong.
            return await OfferAsync(request, resource, cancellationToken);
        if (request.Email is not null && OrderInputRules.CheckEmail(request.Email) is { } badEmail)
            return new X402OrderResult.NotPlaced(new PlaceOrderResult.Invalid(new FieldErrors().Add("email", badEmail)));

        var nonce = paid.Authorization.Nonce.ToLowerInvariant();
        var key = "x402:" + nonce;
        var fingerprint = request.RequestFingerprint(product);
        var caller = CheckoutCaller.Client(clientAddress);
        using var held = await idempotency.LockAsync(key, cancellationToken);
        if (await idempotency.FindAsync(key, cancellationToken) is { } record)
        {
            if (record.Fingerprint != fingerprint)
                return new X402OrderResult.Refused(AuthorizationUsed, "This payment authorization was already used for another request; sign a new one.");
            var replayed = await idempotency.ReplayAsync(record, caller, cancellationToken);
            // Still unsettled: asked again above with the same authorization, and still no answer.
            return replayed is PlaceOrderResult.PaymentUnavailable
                ? new X402OrderResult.SettlementUnknown(records.TokenOf(record)!)
                : await AnswerAsync(replayed, repeated: true, cancellationToken);
        }

        if (requestLimits.TryAcquire(BuyingRequest.Order, clientAddress) is { } wait)
            return new X402OrderResult.NotPlaced(new PlaceOrderResult.TooManyRequests(wait));
        if (await sellingLimits.PausedReasonAsync(cancellationToken) is { } paused)
            return new X402OrderResult.NotPlaced(new PlaceOrderResult.SalesPaused(paused));

        var now = clock.GetUtcNow();
        var atomic = paid.Authorization.Value;
        var (candidates, expired) = atomic > long.MaxValue ? ([], false) : await FindOfferedQuotesAsync(product, (long)atomic, now, cancellationToken);
        if (candidates.Count == 0)
            return new X402OrderResult.Refused(NoLiveQuote, expired
                ? "The quote this payment was for has expired; pay the new requirement."
                : "No quote this store offered for this request is for the value authorized, or it was already paid; pay the new requirement.");
        var quote = candidates[0];
        var requirement = offers.ForQuote(quote, resource);
        if (requirement is null)
            return new X402OrderResult.Refused(NoLiveQuote, "The quote this payment was for has too little time left to be settled; pay the new requirement.");

        var verification = X402PaymentVerifier.Verify(paid, requirement, offers.Network, now);
        if (!verification.IsValid) return new X402OrderResult.Refused(verification.Refusal.Code, verification.Refusal.Message);
        var paymentJson = X402Json.Serialize(FacilitatorWire.PayloadOf(paid));
        var requirementJson = X402Json.Serialize(requirement);
        try
        {
            // The facilitator checks what only it can (the payer's balance, the nonce on chain) before anything is placed.
            var checkedThere = await facilitator.VerifyAsync(paymentJson, requirementJson, cancellationToken);
            if (!checkedThere.IsValid)
                return new X402OrderResult.Refused(checkedThere.InvalidReason ?? FacilitatorRefused,
                    $"The facilitator refused the payment: {checkedThere.InvalidReason ?? "no reason given"}.");
        }
        catch (FacilitatorUnavailableException e)
        {
            return new X402OrderResult.FacilitatorUnavailable(e.Message);
        }

        using var keyHold = await sellingLimits.HoldKeyCapacityAsync(quote, cancellationToken);
        if (keyHold is null) return new X402OrderResult.NotPlaced(new PlaceOrderResult.KeyCapacity(Core.Time.UtcDay.NextMidnight(now)));

        var order = Order.Create(quote, request.Email?.Trim() ?? "", X402Settlements.PaymentMethod, key, now);
        if (!await ReserveAsync(new X402Authorization
            {
                Nonce = nonce,
                OrderId = order.Id,
                QuoteId = quote.Id,
                Network = requirement.Network,
                Payer = verification.Payer,
                AtomicAmount = (long)atomic,
                PaymentJson = paymentJson,
                RequirementJson = requirementJson,
                CreatedAt = now,
            }, cancellationToken))
            return new X402OrderResult.Refused(AuthorizationUsed, "This payment authorization was already used; sign a new one.");

        Payment charge;
        for (var next = 1; ; next++)
        {
            charge = Payment.Start(order.Id, order.Total, X402Settlements.PaymentMethod, now);
            var placement = await ledger.PlaceAsync(order, charge, idempotency.ForOrder(key, fingerprint, order), clientAddress, cancellationToken);
            if (placement == Placement.Placed) break;
            switch (placement)
            {
                case Placement.SoldOut:
                    return new X402OrderResult.NotPlaced(await sellingLimits.SoldOutAsync(order, cancellationToken));
                // Another agent's payment took this quote a moment ago: the same price is held by the next one offered
                // for the same request (that agent's own, most likely), so neither agent loses its price.
                case Placement.QuoteUsed when next < MaxQuoteTries
                                              && (await FindOfferedQuotesAsync(product, (long)atomic, now, cancellationToken)).Quotes is [var unpaid, ..]:
                    order = Order.Create(unpaid, request.Email?.Trim() ?? "", X402Settlements.PaymentMethod, key, now);
                    await MoveReservationAsync(nonce, order, cancellationToken);
                    continue;
                case Placement.QuoteUsed:
                    return new X402OrderResult.NotPlaced(new PlaceOrderResult.QuoteUsed());
                case Placement.IdempotencyKeyTaken:
                    return new X402OrderResult.Refused(AuthorizationUsed, "This payment authorization was already used; sign a new one.");
                default:
                    throw new InvalidOperationException("An order paid at once holds no unpaid hold.");
            }
        }
        metrics?.OrderPlaced(order);
        // The settlement runs to its end whatever the caller does: the ledger has the intent, and reconciliation the rest.
        var result = await payment.ChargeAsync(order, charge, order.Token!, caller);
        return result is PlaceOrderResult.PaymentUnavailable
            ? new X402OrderResult.SettlementUnknown(order.Token!)
            : await AnswerAsync(result, repeated: false, CancellationToken.None);
    }

    /// <summary>The live, unpaid quotes offered for this product at this value, oldest first; when none, whether one expired.</summary>
    private async Task<(IReadOnlyList<Quote> Quotes, bool Expired)> FindOfferedQuotesAsync(string product, long atomic, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var offered = await db.X402Offers.AsNoTracking()
            .Where(o => o.RequestFingerprint == product && o.AtomicAmount == atomic)
            .Select(o => o.QuoteId).ToListAsync(cancellationToken);
        if (offered.Count == 0) return ([], false);
        var unpaid = await db.Quotes.AsNoTracking().Include(q => q.Dates)
            .Where(q => offered.Contains(q.Id) && q.UsedByOrderId == null).ToListAsync(cancellationToken);
        var live = unpaid.Where(q => !q.IsExpiredAt(now)).OrderBy(q => q.CreatedAt).ToList();
        return (live, live.Count == 0 && unpaid.Count > 0);
    }

    private async Task MoveReservationAsync(string nonce, Order order, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.X402Authorizations.Where(a => a.Nonce == nonce)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.OrderId, order.Id).SetProperty(a => a.QuoteId, order.QuoteId), cancellationToken);
    }

    private async Task<bool> ReserveAsync(X402Authorization authorization, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.X402Authorizations.Add(authorization);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return false;
        }
    }

    private async Task<X402OrderResult> AnswerAsync(PlaceOrderResult result, bool repeated, CancellationToken cancellationToken)
    {
        switch (result)
        {
            case PlaceOrderResult.Placed placed:
                await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
                {
                    var authorization = await db.X402Authorizations.AsNoTracking().SingleAsync(a => a.OrderId == placed.Order.OrderId, cancellationToken);
                    var settlement = new SettlementResponse
                    {
                        Success = true,
                        Payer = authorization.Payer,
                        Transaction = authorization.Transaction ?? "",
                        Network = authorization.Network,
                    };
                    return new X402OrderResult.Paid(placed.Order.Token!, settlement, repeated);
                }
            case PlaceOrderResult.PaymentDeclined declined:
                return new X402OrderResult.Refused(declined.FailureCode == PaymentFailureCode.InsufficientFunds.ToCode() ? "insufficient_funds" : FacilitatorRefused,
                    declined.Message ?? "The facilitator refused to settle the payment.");
            case PlaceOrderResult.PaymentUnavailable:
                throw new InvalidOperationException("A repeated payment whose settlement is unknown is answered by its order.");
            default:
                return new X402OrderResult.NotPlaced(result);
        }
    }
}
