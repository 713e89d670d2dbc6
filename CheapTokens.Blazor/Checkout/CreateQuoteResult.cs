using CheapTokens.Core.Orders;
using CheapTokens.Core.Supply;

namespace CheapTokens.Blazor.Checkout;

public abstract record CreateQuoteResult
{
    public sealed record Created(Quote Quote) : CreateQuoteResult;

    public sealed record Invalid(FieldErrors Errors) : CreateQuoteResult;

    /// <summary>Fewer than the requested credits are left today.</summary>
    public sealed record SoldOut(int Remaining) : CreateQuoteResult;

    /// <summary>A pass: fewer than the diem per day are left on these dates.</summary>
    public sealed record DatesSoldOut(IReadOnlyList<DateRemaining> Dates) : CreateQuoteResult;

    /// <summary>No more keys can reach buyers before 00:00 UTC today, so nothing for today is sold.</summary>
    public sealed record KeyCapacity(DateTimeOffset NextMidnightUtc) : CreateQuoteResult
    {
        /// <summary>What a buyer reads, on the page, from the API or over MCP.</summary>
        public const string Explanation =
            "No more keys can be issued before 00:00 UTC today, and a key bought now would expire at midnight. Nothing was charged. Sales open again at 00:00 UTC.";
    }

    /// <summary>An operator paused sales; <paramref name="Reason"/> is what buyers are told.</summary>
    public sealed record SalesPaused(string Reason) : CreateQuoteResult;

    /// <summary>Too many quotes from this address this minute; nothing was priced.</summary>
    public sealed record TooManyRequests(TimeSpan RetryAfter) : CreateQuoteResult;
}
