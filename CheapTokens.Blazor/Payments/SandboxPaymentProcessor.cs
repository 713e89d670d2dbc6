using System.Security.Cryptography;
using CheapTokens.Blazor.Data;
using CheapTokens.Core.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Payments;

/// <summary>
/// A pretend processor whose outcome is chosen by the payment method name: a test tool and an offline fallback.
/// It keeps its own charges and refunds in its own tables (SandboxCharges, SandboxRefunds), apart from the store's
/// ledger, and behaves like a real processor where it matters: a repeated idempotency key returns the first charge
/// or refund, a charge is found by its order id, and each call can be made slow (Payments:Sandbox:DelayMs).
/// </summary>
public sealed class SandboxPaymentProcessor(
    IDbContextFactory<StoreDbContext> dbFactory,
    IOptions<PaymentsOptions> options,
    TimeProvider clock) : IPaymentProcessor
{
    public const string Ok = "sandbox_ok";
    public const string Declined = "sandbox_declined";
    public const string InsufficientFunds = "sandbox_insufficient_funds";

    /// <summary>The processor does not answer: nothing is recorded, and asking again with the same key is safe.</summary>
    public const string ProcessorError = "sandbox_error";

    public static readonly IReadOnlyList<string> Methods = [Ok, Declined, InsufficientFunds, ProcessorError];

    public bool AcceptsMethod(string paymentMethod) => Methods.Contains(paymentMethod, StringComparer.Ordinal);

    /// <summary>Every sandbox charge is decided by its method name at once; there is no card form.</summary>
    public bool TakesPaymentInPage => false;

    public decimal MinimumCharge => 0.01m;

    /// <summary>Nothing waits for a buyer here: the charge stays as it was decided.</summary>
    public Task<ProcessorCharge> CancelChargeAsync(string chargeId, CancellationToken cancellationToken) => GetChargeAsync(chargeId, cancellationToken);

    public async Task<ProcessorCharge> CreateChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Amount);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        await PauseAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.SandboxCharges.AsNoTracking().SingleOrDefaultAsync(c => c.IdempotencyKey == request.IdempotencyKey, cancellationToken) is { } earlier)
            return ToCharge(earlier);

        var method = request.PaymentMethod ?? "";
        if (method == ProcessorError)
            return new ProcessorCharge(ChargeState.Unreachable, null, PaymentFailureCode.ProcessorError, "The payment processor is unavailable; try again.");
        var (succeeded, failure, message) = method switch
        {
            Ok => (true, (PaymentFailureCode?)null, (string?)null),
            Declined => (false, PaymentFailureCode.Declined, "The card was declined."),
            InsufficientFunds => (false, PaymentFailureCode.InsufficientFunds, "The card has insufficient funds."),
            _ => (false, PaymentFailureCode.Declined, $"Unknown sandbox payment method '{method}'."),
        };
        var charge = new SandboxCharge
        {
            Id = NewId("ch_sandbox_"),
            IdempotencyKey = request.IdempotencyKey,
            OrderId = request.OrderId,
            Amount = request.Amount,
            Method = method,
            Succeeded = succeeded,
            FailureCode = failure?.ToCode(),
            Message = message,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SandboxCharges.Add(charge);
        if (!await TrySaveAsync(db, cancellationToken))
        {
            // A concurrent call with the same key recorded first: answer with its charge.
            charge = await db.SandboxCharges.AsNoTracking().SingleAsync(c => c.IdempotencyKey == request.IdempotencyKey, cancellationToken);
        }
        await PauseAsync(cancellationToken);
        return ToCharge(charge);
    }

    public async Task<ProcessorCharge> GetChargeAsync(string chargeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var charge = await db.SandboxCharges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == chargeId, cancellationToken)
                     ?? throw new KeyNotFoundException("The sandbox has no charge with that id.");
        return ToCharge(charge);
    }

    public async Task<ProcessorCharge?> FindChargeForOrderAsync(Guid orderId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var charges = await db.SandboxCharges.AsNoTracking().Where(c => c.OrderId == orderId).ToListAsync(cancellationToken);
        // A succeeded charge wins over a refused one: it is the one that holds money.
        var charge = charges.OrderByDescending(c => c.Succeeded).ThenByDescending(c => c.CreatedAt).FirstOrDefault();
        return charge is null ? null : ToCharge(charge);
    }

    public async Task<ProcessorRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(request.IdempotencyKey);
        await PauseAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var earlier = await db.SandboxRefunds.AsNoTracking()
            .FirstOrDefaultAsync(r => r.IdempotencyKey == request.IdempotencyKey || r.ChargeId == request.ChargeId, cancellationToken);
        if (earlier is not null) return new ProcessorRefund(RefundState.Succeeded, earlier.Id, null);

        var charge = await db.SandboxCharges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.ChargeId, cancellationToken);
        if (charge is null || !charge.Succeeded) return new ProcessorRefund(RefundState.Failed, null, "No successful charge with that id.");
        if (request.Amount <= 0 || request.Amount > charge.Amount)
            return new ProcessorRefund(RefundState.Failed, null, $"Refund amount must be between 0 and the charged {charge.Amount}.");

        var refund = new SandboxRefund
        {
            Id = NewId("re_sandbox_"),
            IdempotencyKey = request.IdempotencyKey,
            ChargeId = request.ChargeId,
            Amount = request.Amount,
            Reason = request.Reason,
            CreatedAt = clock.GetUtcNow(),
        };
        db.SandboxRefunds.Add(refund);
        if (!await TrySaveAsync(db, cancellationToken))
            refund = await db.SandboxRefunds.AsNoTracking().SingleAsync(r => r.ChargeId == request.ChargeId, cancellationToken);
        await PauseAsync(cancellationToken);
        return new ProcessorRefund(RefundState.Succeeded, refund.Id, null);
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        var half = options.Value.Sandbox.DelayMs / 2;
        if (half > 0) await Task.Delay(TimeSpan.FromMilliseconds(half), clock, cancellationToken);
    }

    private static async Task<bool> TrySaveAsync(StoreDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static ProcessorCharge ToCharge(SandboxCharge charge) =>
        charge.Succeeded
            ? new ProcessorCharge(ChargeState.Succeeded, charge.Id, null, null)
            : new ProcessorCharge(ChargeState.Failed, charge.Id, PaymentFailureCodes.FromCode(charge.FailureCode), charge.Message);

    private static string NewId(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
