using System.Net;
using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Supply;

/// <summary>What taking an unpaid order's hold found.</summary>
public enum HoldOutcome { Taken, SoldOut, HoldsFull, AddressLimit, EmailLimit }

/// <summary>
/// Bounds what orders waiting for the buyer's card in the page can hold: per buyer (open holds per client address and
/// per e-mail, Checkout:UnpaidOrdersPerAddress / UnpaidOrdersPerEmail) and in total (Checkout:UnpaidHoldPercent of what
/// is not paid for yet on each date). Every check is one conditional statement in the placing transaction, so racing
/// orders, on one node or several, cannot pass a limit. A hold ends once, when its order is paid or gives its credits back.
/// </summary>
public sealed class UnpaidHolds(
    SupplyLedger supply,
    IDbContextFactory<StoreDbContext> dbFactory,
    IOptions<UnpaidHoldLimits> limits,
    TimeProvider clock)
{
    public const string UnknownAddress = "unknown";

    public static string AddressOf(IPAddress? clientAddress) => clientAddress?.ToString() ?? UnknownAddress;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// Takes the order's credits as an unpaid hold for this buyer, in the caller's transaction (the order is saved by the
    /// caller). On anything but <see cref="HoldOutcome.Taken"/> the caller must roll back.
    /// </summary>
    public async Task<HoldOutcome> TakeAsync(StoreDbContext db, Order order, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        var address = AddressOf(clientAddress);
        var email = NormalizeEmail(order.Email);
        var options = limits.Value;
        // Buyer counts first, in key order, as ending a hold does: two transactions never wait on each other in a circle.
        foreach (var (key, limit, refusal) in BuyerKeys(address, email, options))
        {
            if (await CountUpAsync(db, key, limit, cancellationToken) == 0) return refusal;
        }
        switch (await supply.TryHoldAsync(db, order.ReservedDates, order.CreditsPerReservedDate, options.HoldPercent, cancellationToken))
        {
            case Reservation.SoldOut: return HoldOutcome.SoldOut;
            case Reservation.HoldsFull: return HoldOutcome.HoldsFull;
        }
        db.UnpaidHolds.Add(new UnpaidHold { OrderId = order.Id, ClientAddress = address, Email = email, CreatedAt = clock.GetUtcNow() });
        return HoldOutcome.Taken;
    }

    /// <summary>
    /// Ends the order's hold, if it has one open, in the caller's transaction: its buyer's counts go down and its credits
    /// are no longer counted as held (the caller releases them too when the order was not paid). Exactly once, whoever asks.
    /// </summary>
    public async Task EndAsync(StoreDbContext db, Order order, CancellationToken cancellationToken)
    {
        var hold = await db.UnpaidHolds.AsNoTracking().SingleOrDefaultAsync(h => h.OrderId == order.Id, cancellationToken);
        if (hold is null) return;
        // The delete decides who ends it: a racing transaction deletes nothing and changes nothing.
        if (await db.UnpaidHolds.Where(h => h.OrderId == order.Id).ExecuteDeleteAsync(cancellationToken) == 0) return;
        foreach (var (key, _, _) in BuyerKeys(hold.ClientAddress, hold.Email, limits.Value))
        {
            await db.UnpaidHoldCounts.Where(c => c.Key == key && c.Open > 0).ExecuteUpdateAsync(s => s.SetProperty(c => c.Open, c => c.Open - 1), cancellationToken);
            await db.UnpaidHoldCounts.Where(c => c.Key == key && c.Open <= 0).ExecuteDeleteAsync(cancellationToken);
        }
        await supply.EndHoldAsync(db, order.ReservedDates, order.CreditsPerReservedDate, cancellationToken);
    }

    /// <summary>The address an open hold was placed from; null once the hold has ended.</summary>
    public async Task<string?> AddressOfHoldAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UnpaidHolds.AsNoTracking().Where(h => h.OrderId == orderId).Select(h => h.ClientAddress).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// When the first of the holds that block this buyer (or, without a buyer, any hold) runs out: its order is
    /// cancelled once Payments:InPagePaymentMinutes have passed, and reconciliation runs every interval after that.
    /// </summary>
    public async Task<TimeSpan> RetryAfterAsync(IPAddress? clientAddress, string? email, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var holds = db.UnpaidHolds.AsNoTracking();
        if (email is not null)
        {
            var (address, normalized) = (AddressOf(clientAddress), NormalizeEmail(email));
            holds = holds.Where(h => h.ClientAddress == address || h.Email == normalized);
        }
        var oldest = await holds.OrderBy(h => h.CreatedAt).Select(h => (DateTimeOffset?)h.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var options = limits.Value;
        var wait = oldest is { } created ? created + options.PaymentWindow + options.ReconcileInterval - clock.GetUtcNow() : options.ReconcileInterval;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
    }

    private static IEnumerable<(string Key, int Limit, HoldOutcome Refusal)> BuyerKeys(string address, string email, UnpaidHoldLimits options) =>
    [
        ("address:" + address, options.PerAddress, HoldOutcome.AddressLimit),
        ("email:" + email, options.PerEmail, HoldOutcome.EmailLimit),
    ];

    /// <summary>One atomic upsert: the count goes up by one unless it is at the limit; answers the rows changed (0 or 1).</summary>
    private static Task<int> CountUpAsync(StoreDbContext db, string key, int limit, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync(
            $"""
             INSERT INTO "UnpaidHoldCounts" ("Key", "Open") VALUES ({key}, 1)
             ON CONFLICT ("Key") DO UPDATE SET "Open" = "UnpaidHoldCounts"."Open" + 1 WHERE "UnpaidHoldCounts"."Open" < {limit}
             """, cancellationToken);
}
