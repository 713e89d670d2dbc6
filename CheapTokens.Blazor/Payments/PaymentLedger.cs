using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.Supply;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using System.Net;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Payments;

/// <summary>What placing an order found in the one transaction that writes it.</summary>
public enum Placement
{
    Placed,
    SoldOut,
    QuoteUsed,
    IdempotencyKeyTaken,

    /// <summary>Enough is left, but unpaid in-page orders already hold their whole share of it.</summary>
    HoldsFull,

    /// <summary>This client address already has Checkout:UnpaidOrdersPerAddress orders waiting for a card.</summary>
    AddressHoldLimit,

    /// <summary>This e-mail already has Checkout:UnpaidOrdersPerEmail orders waiting for a card.</summary>
    EmailHoldLimit,
}

/// <summary>What a change to a payment leaves for the caller to do once it is committed.</summary>
public enum PaymentEffect { None, Paid, RefundDue, Declined, Refunded }

/// <summary>
/// One order, its payment and its idempotency record, loaded in one transaction for a change: whatever a change does
/// to them (and to the day's supply and the quote) commits together or not at all.
/// </summary>
public sealed class PaymentChange(StoreDbContext db, SupplyLedger supply, UnpaidHolds holds, Order order, Payment payment, IdempotencyRecord? record)
{
    public Order Order { get; } = order;

    public Payment Payment { get; } = payment;

    /// <summary>Null once pruned (after a day).</summary>
    public IdempotencyRecord? Record { get; } = record;

    public PaymentEffect Effect { get; set; }

    /// <summary>Gives the order's credits back if it still holds them: exactly once, whoever asks.</summary>
    public async Task ReleaseSupplyAsync(CancellationToken cancellationToken)
    {
        if (!Order.TakeSupplyRelease()) return;
        await holds.EndAsync(db, Order, cancellationToken);
        await supply.ReleaseAsync(db, Order.ReservedDates, Order.CreditsPerReservedDate, cancellationToken);
    }

    /// <summary>Paid: the order's credits stay sold, and no longer count against its buyer's or the day's unpaid holds.</summary>
    public Task EndHoldAsync(CancellationToken cancellationToken) => holds.EndAsync(db, Order, cancellationToken);

    /// <summary>An order that ends without a charge gives its quote back, so the buyer can pay again at that price.</summary>
    public Task FreeQuoteAsync(CancellationToken cancellationToken) =>
        db.Quotes.Where(q => q.Id == Order.QuoteId && q.UsedByOrderId == Order.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.UsedByOrderId, (Guid?)null), cancellationToken);
}

/// <summary>
/// The store's payment ledger (the Payments table): a payment row is written with the order, before the processor is
/// called, and every later change to it goes through <see cref="ChangeAsync"/>, in one transaction with its order.
/// </summary>
public sealed class PaymentLedger(IDbContextFactory<StoreDbContext> dbFactory, SupplyLedger supply, UnpaidHolds holds)
{
    /// <summary>
    /// Writes a new order with its payment (Pending) and its idempotency record, reserves its supply (recorded on the
    /// order) and takes its quote, all in one transaction. Nothing is written unless the answer is Placed. An order paid
    /// in the page holds its credits as an unpaid hold of <paramref name="clientAddress"/> and its e-mail (see <see cref="UnpaidHolds"/>).
    /// </summary>
    public Task<Placement> PlaceAsync(Order order, Payment payment, IdempotencyRecord record, IPAddress? clientAddress, CancellationToken cancellationToken) =>
        TransactionRetry.RunAsync(() => PlaceOnceAsync(order, payment, record, clientAddress, cancellationToken));

    private async Task<Placement> PlaceOnceAsync(Order order, Payment payment, IdempotencyRecord record, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var placement = await PlaceInAsync(db, order, payment, record, clientAddress, cancellationToken);
        if (placement == Placement.Placed) await transaction.CommitAsync(cancellationToken);
        return placement;
    }

    /// <summary>The placement's statements, in the caller's transaction.</summary>
    private async Task<Placement> PlaceInAsync(StoreDbContext db, Order order, Payment payment, IdempotencyRecord record, IPAddress? clientAddress, CancellationToken cancellationToken)
    {
        var taken = await db.Quotes.Where(q => q.Id == order.QuoteId && q.UsedByOrderId == null)
            .ExecuteUpdateAsync(s => s.SetProperty(q => q.UsedByOrderId, order.Id), cancellationToken);
        if (taken == 0) return Placement.QuoteUsed;
        if (order.PaysInPage)
        {
            // Paid later, maybe never: held within the buyer's and the day's bounds for unpaid orders.
            switch (await holds.TakeAsync(db, order, clientAddress, cancellationToken))
            {
                case HoldOutcome.SoldOut: return Placement.SoldOut;
                case HoldOutcome.HoldsFull: return Placement.HoldsFull;
                case HoldOutcome.AddressLimit: return Placement.AddressHoldLimit;
                case HoldOutcome.EmailLimit: return Placement.EmailHoldLimit;
            }
        }
        else if (!await supply.TryReserveAsync(db, order.ReservedDates, order.CreditsPerReservedDate, cancellationToken))
        {
            return Placement.SoldOut;
        }
        // Already marked when an earlier try was aborted by a conflicting transaction.
        if (!order.HoldsSupply) order.MarkSupplyHeld();
        db.Orders.Add(order);
        db.Payments.Add(payment);
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return Placement.IdempotencyKeyTaken;
        }
        return Placement.Placed;
    }

    /// <summary>
    /// Runs a placement and its payment's settlement for a made-up quote and order, the statements exactly as a buyer's
    /// order runs them, in a transaction that is rolled back: nothing is kept, and the first real order after start-up
    /// finds them compiled (see <c>OrderPathWarmUp</c>).
    /// </summary>
    public async Task RehearsePlacementAsync(Quote quote, Order order, Payment payment, IdempotencyRecord record, string chargeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            db.Quotes.Add(quote);
            await db.SaveChangesAsync(cancellationToken);
            if (await PlaceInAsync(db, order, payment, record, clientAddress: null, cancellationToken) != Placement.Placed) return;
            payment.Succeed(chargeId, now);
            order.MarkPaid(chargeId, now);
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> on the order's current state and commits it. A concurrent writer to the same
    /// order or payment makes the change run again on what that writer left, so changes must check the state they find.
    /// </summary>
    public async Task<PaymentChange> ChangeAsync(Guid orderId, Func<PaymentChange, CancellationToken, Task> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var order = await db.Orders.Include(o => o.Keys).SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken)
                        ?? throw new KeyNotFoundException($"No order {orderId}.");
            var payment = await db.Payments.SingleOrDefaultAsync(p => p.OrderId == orderId, cancellationToken)
                          ?? throw new KeyNotFoundException($"Order {orderId} has no payment.");
            var record = await db.IdempotencyRecords.SingleOrDefaultAsync(r => r.OrderId == orderId, cancellationToken);
            var unit = new PaymentChange(db, supply, holds, order, payment, record);
            await change(unit, cancellationToken);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return unit;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // Someone else settled it first: look again at what they left.
            }
            catch (Exception e) when (attempt < TransactionRetry.MaxAttempts && DbErrors.IsTransactionConflict(e))
            {
                // PostgreSQL aborted this transaction for colliding with another: look again at what that one left.
            }
        }
    }

    public async Task<Payment?> FindByOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking().SingleOrDefaultAsync(p => p.OrderId == orderId, cancellationToken);
    }

    public async Task<Payment?> FindByChargeIdAsync(string chargeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.ChargeId == chargeId, cancellationToken);
    }

    /// <summary>Payments not in a final state whose last change is older than <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<Payment>> ListUnsettledAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Payments.AsNoTracking()
            .Where(p => Payment.Unsettled.Contains(p.State) && p.UpdatedAt < before)
            .OrderBy(p => p.UpdatedAt)
            .ToListAsync(cancellationToken);
    }
}
