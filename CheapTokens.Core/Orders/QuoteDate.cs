namespace CheapTokens.Core.Orders;

/// <summary>One date of a pass quote with the unit price and price locked for it.</summary>
public sealed class QuoteDate
{
    private QuoteDate()
    {
    }

    public Guid QuoteId { get; private set; }

    public DateOnly Date { get; private set; }

    public decimal UnitPrice { get; private set; }

    public decimal Price { get; private set; }

    internal static QuoteDate Of(Guid quoteId, DateOnly date, decimal unitPrice, decimal price) =>
        new() { QuoteId = quoteId, Date = date, UnitPrice = unitPrice, Price = price };
}
