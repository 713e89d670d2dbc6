using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Checkout;
using CheapTokens.Blazor.Components.Checkout;
using CheapTokens.Blazor.Provisioning;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Passes;

namespace CheapTokens.Tests.Components;

/// <summary>The store as the components see it, without a database: quotes at a fixed price, answers queued by the test.</summary>
public sealed class FakeStorefront(TimeProvider clock) : IStorefront
{
    public decimal UnitPrice { get; set; } = 0.5m;

    /// <summary>Named methods (the sandbox) unless a test switches to the in-page card form.</summary>
    public PaymentRail Payments { get; set; } = new(false, 0.01m, TimeSpan.FromMinutes(10));

    public List<string?> PaymentMethods { get; } = [];

    public const string ClientSecret = "pi_fake_secret_abc";

    public TimeSpan Hold { get; set; } = TimeSpan.FromSeconds(60);

    public List<Quote> Quotes { get; } = [];

    /// <summary>Answers to Pay, in order; once empty, every payment is placed.</summary>
    public Queue<Func<Quote, PlaceOrderResult>> PaymentAnswers { get; } = new();

    public List<string?> IdempotencyKeys { get; } = [];

    public List<DateAvailability> Dates { get; set; } = [];

    public Dictionary<string, OrderDetails> Orders { get; } = [];

    public Task<CreateQuoteResult> CreateQuoteAsync(int? credits, CancellationToken cancellationToken)
    {
        var quote = Quote.Create(credits ?? 0, UnitPrice, clock.GetUtcNow(), Hold);
        Quotes.Add(quote);
        return Task.FromResult<CreateQuoteResult>(new CreateQuoteResult.Created(quote));
    }

    public Task<CreateQuoteResult> CreatePassQuoteAsync(int? diemPerDay, IReadOnlyList<string?>? dates, CancellationToken cancellationToken)
    {
        var lines = (dates ?? []).Select(d => DateOnly.Parse(d!, System.Globalization.CultureInfo.InvariantCulture))
            .Select(d => Dates.First(a => a.Date == d).UnitPrice is var price ? new PassDatePrice(d, price, CheapTokens.Core.Pricing.Money.Total(price, diemPerDay ?? 0)) : null!).ToList();
        var quote = Quote.CreatePass(diemPerDay ?? 0, lines, clock.GetUtcNow(), Hold);
        Quotes.Add(quote);
        return Task.FromResult<CreateQuoteResult>(new CreateQuoteResult.Created(quote));
    }

    public Task<IReadOnlyList<DateAvailability>> GetDateAvailabilityAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DateAvailability>>(Dates);

    public Task<PlaceOrderResult> PlaceOrderAsync(Guid? quoteId, string? email, string? paymentMethod, string? idempotencyKey, CancellationToken cancellationToken)
    {
        IdempotencyKeys.Add(idempotencyKey);
        PaymentMethods.Add(paymentMethod);
        var quote = Quotes.Single(q => q.Id == quoteId);
        var answer = PaymentAnswers.TryDequeue(out var next) ? next(quote)
            : Payments.PaysInPage ? new PlaceOrderResult.Placed(Summary(quote, OrderStatus.Created), false) { ClientSecret = ClientSecret }
            : new PlaceOrderResult.Placed(Summary(quote, OrderStatus.Paid), false);
        if (answer is PlaceOrderResult.Placed placed) Orders[placed.Order.Token!] = new OrderDetails(placed.Order, null, null, null);
        return Task.FromResult(answer);
    }

    /// <summary>Orders whose card form their page should show again, by token.</summary>
    public Dictionary<string, InPagePayment> UnfinishedPayments { get; } = [];

    public Task<InPagePayment?> FindUnfinishedPaymentAsync(string? token, CancellationToken cancellationToken) =>
        Task.FromResult(token is not null && UnfinishedPayments.TryGetValue(token, out var payment) ? payment : null);

    /// <summary>Tokens of held orders the page cancelled, in order.</summary>
    public List<string> CancelledTokens { get; } = [];

    /// <summary>Answers to cancelling a held order, in order; once empty, every cancellation succeeds.</summary>
    public Queue<Func<OrderSummary, CancelOrderResult>> CancelAnswers { get; } = new();

    public Task<CancelOrderResult> CancelHeldOrderAsync(string token, CancellationToken cancellationToken)
    {
        CancelledTokens.Add(token);
        var order = Orders[token].Summary;
        if (CancelAnswers.TryDequeue(out var next)) return Task.FromResult(next(order));
        var cancelled = order with { Status = OrderStatus.Declined };
        Orders[token] = Orders[token] with { Summary = cancelled };
        UnfinishedPayments.Remove(token);
        return Task.FromResult<CancelOrderResult>(new CancelOrderResult.Cancelled(cancelled));
    }

    public Task<OrderDetails?> GetOrderByTokenAsync(string? token, CancellationToken cancellationToken) =>
        Task.FromResult(token is not null && Orders.TryGetValue(token, out var details) ? details : null);

    public Task<IReadOnlyList<OrderSummary>> ListOrdersAsync(IEnumerable<string> tokens, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<OrderSummary>>(tokens.Where(Orders.ContainsKey).Select(t => Orders[t].Summary).ToList());

    public QueuePlace? PlaceOf(Guid orderId) => null;

    public OrderSummary Summary(Quote quote, OrderStatus status) =>
        new(Guid.NewGuid(), "tok" + Guid.NewGuid().ToString("N"), status, quote.Credits, quote.UnitPrice, quote.Total, clock.GetUtcNow(), null, null)
        {
            Product = quote.Product,
            DiemPerDay = quote.DiemPerDay,
        };
}
