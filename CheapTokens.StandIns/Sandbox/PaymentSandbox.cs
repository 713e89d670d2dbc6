using System.Security.Cryptography;
using CheapTokens.StandIns.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CheapTokens.StandIns.Sandbox;

/// <summary>
/// A pretend processor whose outcome is chosen by the payment method name: a test tool and an offline fallback. It
/// behaves like a real processor where it matters: a repeated idempotency key returns the first charge or refund, a
/// charge is found by its order id, and each call can be made slow (Payments:Sandbox:DelayMs).
/// </summary>
public sealed class PaymentSandbox(IDbContextFactory<StandInsDbContext> dbFactory, IOptions<SandboxOptions> options, TimeProvider clock)
{
    /// <summary>The charge, or null for <see cref="SandboxMethods.ProcessorError"/> (nothing recorded).</summary>
    public async Task<SandboxChargeReply?> ChargeAsync(string idempotencyKey, SandboxChargeRequest request, CancellationToken cancellationToken)
    {
        await PauseAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.SandboxCharges.AsNoTracking().SingleOrDefaultAsync(c => c.IdempotencyKey == idempotencyKey, cancellationToken) is { } earlier)
            return ToReply(earlier);

        var method = request.Method ?? "";
        if (method == SandboxMethods.ProcessorError) return null;
        var (succeeded, failure, message) = method switch
        {
            SandboxMethods.Ok => (true, null, null),
            SandboxMethods.Declined => (false, "declined", "The card was declined."),
            SandboxMethods.InsufficientFunds => (false, "insufficient_funds", "The card has insufficient funds."),
            _ => (false, (string?)"declined", (string?)$"Unknown sandbox payment method '{method}'."),
        };
        var charge = new SandboxCharge
        {
            Id = NewId("ch_sandbox_"),
            IdempotencyKey = idempotencyKey,
            OrderId = request.OrderId,
            Amount = request.Amount,
            Method = method,
            Succeeded = succeeded,
            FailureCode = failure,
            Message = message,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SandboxCharges.Add(charge);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            // A concurrent call with the same key recorded first: answer with its charge.
            charge = await db.SandboxCharges.AsNoTracking().SingleAsync(c => c.IdempotencyKey == idempotencyKey, cancellationToken);
        }
        await PauseAsync(cancellationToken);
        return ToReply(charge);
    }

    public async Task<SandboxChargeReply?> FindChargeAsync(string chargeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var charge = await db.SandboxCharges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == chargeId, cancellationToken);
        return charge is null ? null : ToReply(charge);
    }

    public async Task<SandboxChargeReply?> FindChargeForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var charges = await db.SandboxCharges.AsNoTracking().Where(c => c.OrderId == orderId).ToListAsync(cancellationToken);
        // A succeeded charge wins over a refused one: it is the one that holds money.
        var charge = charges.OrderByDescending(c => c.Succeeded).ThenByDescending(c => c.CreatedAt).FirstOrDefault();
        return charge is null ? null : ToReply(charge);
    }

    /// <summary>The refund (a repeated key, or a second refund of one charge, answers the first); or why there is none.</summary>
    public async Task<(SandboxRefundReply? Refund, string? Refusal)> RefundAsync(string idempotencyKey, SandboxRefundRequest request, CancellationToken cancellationToken)
    {
        await PauseAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var earlier = await db.SandboxRefunds.AsNoTracking()
            .FirstOrDefaultAsync(r => r.IdempotencyKey == idempotencyKey || r.ChargeId == request.ChargeId, cancellationToken);
        if (earlier is not null) return (ToReply(earlier), null);

        var charge = await db.SandboxCharges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ChargeId, cancellationToken);
        if (charge is null || !charge.Succeeded) return (null, "No successful charge with that id.");
        if (request.Amount <= 0 || request.Amount > charge.Amount)
            return (null, $"Refund amount must be between 0 and the charged {charge.Amount}.");

        var refund = new SandboxRefund
        {
            Id = NewId("re_sandbox_"),
            IdempotencyKey = idempotencyKey,
            ChargeId = charge.Id,
            Amount = request.Amount,
            Reason = request.Reason,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SandboxRefunds.Add(refund);
        if (!await TrySaveAsync(db, cancellationToken))
            refund = await db.SandboxRefunds.AsNoTracking().SingleAsync(r => r.ChargeId == charge.Id, cancellationToken);
        await PauseAsync(cancellationToken);
        return (ToReply(refund), null);
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        var half = options.Value.DelayMs / 2;
        if (half > 0) await Task.Delay(TimeSpan.FromMilliseconds(half), clock, cancellationToken);
    }

    private static async Task<bool> TrySaveAsync(StandInsDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>Another writer recorded the same key first: SQLite's unique or primary-key constraint, PostgreSQL's 23505.</summary>
    private static bool IsUniqueViolation(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
            if (e is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } or PostgresException { SqlState: "23505" }) return true;
        }
        return false;
    }

    private static SandboxChargeReply ToReply(SandboxCharge charge) =>
        new(charge.Id, charge.OrderId, charge.Amount, charge.Succeeded, charge.Succeeded ? null : charge.FailureCode, charge.Message);

    private static SandboxRefundReply ToReply(SandboxRefund refund) => new(refund.Id, refund.ChargeId, refund.Amount);

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
