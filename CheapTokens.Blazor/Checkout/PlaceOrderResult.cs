using CheapTokens.Blazor.Orders;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Checkout;

public abstract record PlaceOrderResult
{
    /// <summary>
    /// The answer to a repeat of a request already answered (same Idempotency-Key, same parameters), whatever it is: it
    /// counted toward no limit again, and the API marks it Idempotent-Replayed.
    /// </summary>
    public bool Repeated { get; init; }

    /// <summary>
    /// Charged and handed to provisioning, or (status Created) waiting for its payment to be confirmed;
    /// <paramref name="Replayed"/> when the key had already done this.
    /// </summary>
    public sealed record Placed(OrderSummary Order, bool Replayed) : PlaceOrderResult
    {
        /// <summary>Set while the buyer's page must confirm the charge (Stripe's client_secret for the Payment Element).</summary>
        public string? ClientSecret { get; init; }
    }

    public sealed record Invalid(FieldErrors Errors) : PlaceOrderResult;

    public sealed record QuoteExpired(DateTimeOffset ExpiredAt) : PlaceOrderResult;

    public sealed record SoldOut(int Remaining) : PlaceOrderResult;

    /// <summary>A pass: these dates no longer have the diem per day left; nothing was charged.</summary>
    public sealed record DatesSoldOut(IReadOnlyList<DateRemaining> Dates) : PlaceOrderResult;

    /// <summary>No more keys can reach buyers before 00:00 UTC today; nothing was charged.</summary>
    public sealed record KeyCapacity(DateTimeOffset NextMidnightUtc) : PlaceOrderResult;

    /// <summary>An operator paused sales; nothing was placed or charged. Not saved as the key's answer: sales resume.</summary>
    public sealed record SalesPaused(string Reason) : PlaceOrderResult;

    /// <summary>
    /// The charge was refused for good, or never reached the processor (<paramref name="FailureCode"/> processor_error);
    /// the order is Declined and nothing is held.
    /// </summary>
    public sealed record PaymentDeclined(OrderSummary Order, string FailureCode, string? Message) : PlaceOrderResult;

    /// <summary>
    /// The processor did not answer; the order keeps its supply and waits: the same Idempotency-Key asks again (never
    /// charging twice), and reconciliation settles it if nobody does.
    /// </summary>
    public sealed record PaymentUnavailable(string? Message) : PlaceOrderResult;

    /// <summary>The Idempotency-Key was used before with other parameters; nothing was changed.</summary>
    public sealed record IdempotencyKeyReused : PlaceOrderResult;

    /// <summary>Too many declined payments on this quote or from this address (card testing); nothing was tried.</summary>
    public sealed record TooManyFailedPayments(TimeSpan RetryAfter) : PlaceOrderResult;

    /// <summary>Another order (another Idempotency-Key) was already placed on this quote.</summary>
    public sealed record QuoteUsed : PlaceOrderResult;

    /// <summary>Too many new orders from this address this minute; nothing was tried.</summary>
    public sealed record TooManyRequests(TimeSpan RetryAfter) : PlaceOrderResult;

    /// <summary>
    /// This buyer (client address or e-mail) already has Checkout:UnpaidOrdersPerAddress / UnpaidOrdersPerEmail orders
    /// waiting for a card: pay or cancel one, or wait until <paramref name="RetryAfter"/> when the oldest is let go.
    /// </summary>
    public sealed record TooManyUnpaidOrders(TimeSpan RetryAfter) : PlaceOrderResult;

    /// <summary>
    /// Credits are left, but unpaid orders already hold their whole share (Checkout:UnpaidHoldPercent) of them; some
    /// are paid or let go within <paramref name="RetryAfter"/>.
    /// </summary>
    public sealed record HoldsFull(TimeSpan RetryAfter) : PlaceOrderResult;
}
