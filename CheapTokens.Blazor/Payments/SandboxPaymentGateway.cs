using System.Security.Cryptography;
using CheapTokens.Blazor.Data;
using CheapTokens.Core.Payments;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Payments;

/// <summary>
/// A pretend processor whose outcome is chosen by the payment method name. It behaves like a real one where
/// it matters: every attempt is written to the Payments table, and a repeated idempotency key returns the
/// first final result instead of charging again.
/// </summary>
public sealed class SandboxPaymentGateway(IDbContextFactory<StoreDbContext> dbFactory, TimeProvider clock) : IPaymentGateway
{
    public const string Ok = "sandbox_ok";
    public const string Declined = "sandbox_declined";
    public const string InsufficientFunds = "sandbox_insufficient_funds";
    public const string ProcessorError = "sandbox_error";

    public IReadOnlyCollection<string> SupportedMethods { get; } = [Ok, Declined, InsufficientFunds, ProcessorError];

    public async Task<PaymentResult> ChargeAsync(Guid orderId, decimal amount, string method, string idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await FindFinalAsync(db, PaymentKind.Charge, idempotencyKey, cancellationToken) is { } earlier) return ToPaymentResult(earlier);

        var result = Simulate(method);
        var attempt = new PaymentRecord
        {
            Id = Guid.NewGuid(),
            Kind = PaymentKind.Charge,
            OrderId = orderId,
            IdempotencyKey = idempotencyKey,
            Method = method,
            Amount = amount,
            Succeeded = result.Succeeded,
            Retryable = result.Retryable,
            FailureCode = result.FailureCode?.ToCode(),
            Message = result.Message,
            ChargeId = result.ChargeId,
            CreatedAt = clock.GetUtcNow(),
        };
        return await SaveOrReplayAsync(db, attempt, cancellationToken) is { } winner ? ToPaymentResult(winner) : result;
    }

    public async Task<RefundResult> RefundAsync(string chargeId, decimal amount, string reason, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var charge = await db.Payments.AsNoTracking()
            .FirstOrDefaultAsync(p => p.Kind == PaymentKind.Charge && p.ChargeId == chargeId && p.Succeeded, cancellationToken);
        // One refund per charge: the charge id is the refund's idempotency key.
        var key = "refund:" + chargeId;
        if (await FindFinalAsync(db, PaymentKind.Refund, key, cancellationToken) is { } earlier) return ToRefundResult(earlier);

        var problem = charge is null ? "No successful charge with that id."
            : amount <= 0 || amount > charge.Amount ? $"Refund amount must be between 0 and the charged {charge.Amount}."
            : null;
        var attempt = new PaymentRecord
        {
            Id = Guid.NewGuid(),
            Kind = PaymentKind.Refund,
            OrderId = charge?.OrderId,
            IdempotencyKey = key,
            Amount = amount,
            Succeeded = problem is null,
            // A refused refund is final only when it can never work; a bad amount could be resent corrected.
            Retryable = charge is not null && problem is not null,
            Message = problem ?? reason,
            ChargeId = chargeId,
            RefundId = problem is null ? NewId("re_sandbox_") : null,
            CreatedAt = clock.GetUtcNow(),
        };
        var recorded = await SaveOrReplayAsync(db, attempt, cancellationToken) ?? attempt;
        return ToRefundResult(recorded);
    }

    private static PaymentResult Simulate(string method) => method switch
    {
        Ok => PaymentResult.Success(NewId("ch_sandbox_")),
        Declined => PaymentResult.Failure(PaymentFailureCode.Declined, "The card was declined."),
        InsufficientFunds => PaymentResult.Failure(PaymentFailureCode.InsufficientFunds, "The card has insufficient funds."),
        ProcessorError => PaymentResult.Failure(PaymentFailureCode.ProcessorError, "The payment processor is unavailable; try again."),
        _ => PaymentResult.Failure(PaymentFailureCode.Declined, $"Unknown sandbox payment method '{method}'."),
    };

    /// <summary>Saves the attempt; if a concurrent request already stored the final result for the key, returns that one.</summary>
    private static async Task<PaymentRecord?> SaveOrReplayAsync(StoreDbContext db, PaymentRecord attempt, CancellationToken cancellationToken)
    {
        db.Payments.Add(attempt);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException e) when (e.InnerException is SqliteException { SqliteExtendedErrorCode: SqliteErrorCodes.UniqueConstraint })
        {
            db.ChangeTracker.Clear();
            return await FindFinalAsync(db, attempt.Kind, attempt.IdempotencyKey, cancellationToken)
                   ?? throw new InvalidOperationException("A payment conflicted on its idempotency key but no final record exists.", e);
        }
    }

    private static Task<PaymentRecord?> FindFinalAsync(StoreDbContext db, PaymentKind kind, string key, CancellationToken cancellationToken) =>
        db.Payments.AsNoTracking().FirstOrDefaultAsync(p => p.Kind == kind && p.IdempotencyKey == key && !p.Retryable, cancellationToken);

    private static PaymentResult ToPaymentResult(PaymentRecord record) =>
        record.Succeeded
            ? PaymentResult.Success(record.ChargeId!)
            : new PaymentResult(false, null, PaymentFailureCodes.FromCode(record.FailureCode), record.Retryable, record.Message);

    private static RefundResult ToRefundResult(PaymentRecord record) =>
        record.Succeeded ? RefundResult.Success(record.RefundId!) : RefundResult.Failure(record.Message ?? "Refund refused.");

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
