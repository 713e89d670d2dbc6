using System.Security.Cryptography;
using System.Text;
using CheapTokens.Core.Payments.X402;
using CheapTokens.StandIns.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CheapTokens.StandIns.Facilitator;

/// <summary>
/// The facilitator stand-in's books: a simulated USDC ledger in the stand-ins' database. It verifies a payment as an
/// x402 facilitator does (the signature over the requirement's token domain, recipient, value, validity window, the
/// payer's balance, the nonce unused), settles by moving the balance with a made-up transaction hash, settles each
/// nonce once, and transfers refunds back.
/// </summary>
public sealed class SimulatedUsdcLedger(
    IDbContextFactory<StandInsDbContext> dbFactory,
    FacilitatorStandInNetwork network,
    IOptions<FacilitatorStandInOptions> options,
    FacilitatorStandInFaults faults,
    TimeProvider clock)
{
    public const string TransactionStateError = "invalid_transaction_state";
    public const string InsufficientFunds = "insufficient_funds";
    public const string UnexpectedSettleError = "unexpected_settle_error";

    public X402Network Network => network.Network;

    public async Task<VerifyReply> VerifyAsync(FacilitatorCall call, CancellationToken cancellationToken)
    {
        var (payment, refusal) = Check(call);
        if (payment is null) return new VerifyReply(false, refusal!.Code, null);
        var from = payment.Authorization.From.ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!faults.SettleTwice && await db.SimulatedUsdcSettlements.AnyAsync(s => s.Nonce == Nonce(payment), cancellationToken))
            return new VerifyReply(false, TransactionStateError, from);
        if (await BalanceOfAsync(from, cancellationToken) < (long)payment.Authorization.Value)
            return new VerifyReply(false, InsufficientFunds, from);
        return new VerifyReply(true, null, from);
    }

    public async Task<SettlementResponse> SettleAsync(FacilitatorCall call, FacilitatorFault fault, CancellationToken cancellationToken)
    {
        var (payment, refusal) = Check(call);
        if (payment is null) return Refused(refusal!.Code, null);
        var from = payment.Authorization.From.ToLowerInvariant();
        if (fault == FacilitatorFault.Fail) return Refused(UnexpectedSettleError, from);
        var to = payment.Authorization.To.ToLowerInvariant();
        var value = (long)payment.Authorization.Value;
        await EnsureAccountAsync(from, cancellationToken);
        await EnsureAccountAsync(to, cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var settled = await db.SimulatedUsdcSettlements.AsNoTracking().SingleOrDefaultAsync(s => s.Nonce == Nonce(payment), cancellationToken);
        // On chain the authorization's nonce is spent by the first transfer: the same one again reverts.
        if (settled is not null && !faults.SettleTwice) return Refused(TransactionStateError, from);
        var debited = await db.SimulatedUsdcAccounts.Where(a => a.Address == from && a.Balance >= value)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - value), cancellationToken);
        if (debited == 0) return Refused(InsufficientFunds, from);
        await db.SimulatedUsdcAccounts.Where(a => a.Address == to)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + value), cancellationToken);
        var hash = NewTransactionHash();
        var now = clock.GetUtcNow();
        db.SimulatedUsdcTransfers.Add(new SimulatedUsdcTransfer
        {
            Transaction = hash, Kind = SimulatedUsdcTransferKinds.Settlement, From = from, To = to, Value = value,
            Nonce = Nonce(payment), Network = Network.Name, At = now,
        });
        if (settled is null)
            db.SimulatedUsdcSettlements.Add(new SimulatedUsdcSettlement { Nonce = Nonce(payment), Transaction = hash, Payer = from, Network = Network.Name, SettledAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // The same authorization settled at the same instant by another call: this one reverts.
            return Refused(TransactionStateError, from);
        }
        return new SettlementResponse { Success = true, Payer = from, Transaction = hash, Network = Network.Name };
    }

    public async Task<SettlementResponse?> FindSettlementAsync(string nonce, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settled = await db.SimulatedUsdcSettlements.AsNoTracking().SingleOrDefaultAsync(s => s.Nonce == nonce.ToLowerInvariant(), cancellationToken);
        return settled is null ? null : new SettlementResponse { Success = true, Payer = settled.Payer, Transaction = settled.Transaction, Network = settled.Network };
    }

    /// <summary>A transfer back from the store to a payer; the same idempotency key transfers once. Null with a reason when refused.</summary>
    public async Task<(RefundReply? Reply, string? Error)> RefundAsync(RefundCall call, CancellationToken cancellationToken)
    {
        if (call.Network != Network.Name) return (null, $"network must be {Network.Name}.");
        if (!EvmAddress.IsWellFormed(call.From) || !EvmAddress.IsWellFormed(call.To)) return (null, "from and to must be addresses (0x and 40 hex digits).");
        if (!long.TryParse(call.Value, out var value) || value <= 0) return (null, "value must be a positive whole number of atomic units.");
        if (string.IsNullOrWhiteSpace(call.IdempotencyKey) || call.IdempotencyKey.Length > 255) return (null, "idempotencyKey is required (at most 255 characters).");
        var (from, to) = (call.From!.ToLowerInvariant(), call.To!.ToLowerInvariant());
        if (await FindRefundAsync(call.IdempotencyKey, cancellationToken) is { } earlier) return (earlier, null);
        await EnsureAccountAsync(from, cancellationToken);
        await EnsureAccountAsync(to, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var debited = await db.SimulatedUsdcAccounts.Where(a => a.Address == from && a.Balance >= value)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance - value), cancellationToken);
        if (debited == 0) return (null, InsufficientFunds);
        await db.SimulatedUsdcAccounts.Where(a => a.Address == to)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.Balance, a => a.Balance + value), cancellationToken);
        var hash = NewTransactionHash();
        db.SimulatedUsdcTransfers.Add(new SimulatedUsdcTransfer
        {
            Transaction = hash, Kind = SimulatedUsdcTransferKinds.Refund, From = from, To = to, Value = value,
            IdempotencyKey = call.IdempotencyKey, Network = Network.Name, At = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            return (await FindRefundAsync(call.IdempotencyKey, CancellationToken.None), null);
        }
        return (new RefundReply(hash), null);
    }

    /// <summary>The address's balance in atomic units: the starting balance for an address never seen.</summary>
    public async Task<long> BalanceOfAsync(string address, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.SimulatedUsdcAccounts.AsNoTracking().SingleOrDefaultAsync(a => a.Address == address.ToLowerInvariant(), cancellationToken);
        return account?.Balance ?? StartingBalance;
    }

    private long StartingBalance => (long)UsdcAmount.ToAtomicUnits(options.Value.StartingBalance);

    private async Task<RefundReply?> FindRefundAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var earlier = await db.SimulatedUsdcTransfers.AsNoTracking().SingleOrDefaultAsync(t => t.IdempotencyKey == key, cancellationToken);
        return earlier is null ? null : new RefundReply(earlier.Transaction);
    }

    private async Task EnsureAccountAsync(string address, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.SimulatedUsdcAccounts.AnyAsync(a => a.Address == address, cancellationToken)) return;
        db.SimulatedUsdcAccounts.Add(new SimulatedUsdcAccount { Address = address, Balance = StartingBalance });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (IsUniqueViolation(e))
        {
            // Opened by a concurrent call: the same starting balance.
        }
    }

    /// <summary>The payment decoded and verified as a facilitator does; or the x402 reason it is refused.</summary>
    private (X402Payment? Payment, X402Refusal? Refusal) Check(FacilitatorCall call)
    {
        if (call.PaymentPayload is not { } payload || call.PaymentRequirements is not { } requirement)
            return (null, new X402Refusal(X402ErrorReasons.InvalidPayload, "paymentPayload and paymentRequirements are required."));
        var decoded = PaymentHeaderDecoder.Decode(Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.GetRawText())));
        if (!decoded.IsDecoded) return (null, decoded.Refusal);
        var verified = X402PaymentVerifier.Verify(decoded.Payment, requirement, Network, clock.GetUtcNow());
        return verified.IsValid ? (decoded.Payment, null) : (null, verified.Refusal);
    }

    private static string Nonce(X402Payment payment) => payment.Authorization.Nonce.ToLowerInvariant();

    private SettlementResponse Refused(string reason, string? payer) =>
        new() { Success = false, ErrorReason = reason, Payer = payer, Transaction = "", Network = Network.Name };

    private static string NewTransactionHash() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private static bool IsUniqueViolation(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 } or PostgresException { SqlState: "23505" }) return true;
        }
        return false;
    }
}
