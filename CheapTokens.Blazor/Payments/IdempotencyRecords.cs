using System.Security.Cryptography;
using System.Text;
using CheapTokens.Blazor.Data;
using CheapTokens.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Payments;

/// <summary>
/// Idempotency-Keys with the fingerprint of their request and their saved answer. The answer carries the order token,
/// so it is sealed with the app's <see cref="IKeyVault"/> before it is stored.
/// </summary>
public sealed class IdempotencyRecords(IDbContextFactory<StoreDbContext> dbFactory, IKeyVault vault, TimeProvider clock)
{
    /// <summary>How long a key is remembered; after that the maintenance job deletes it.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    /// <summary>SHA-256 of the parameters that decide what an order is: same key with other parameters is refused.</summary>
    public static string Fingerprint(Guid quoteId, string email, string paymentMethod)
    {
        // Length-prefixed, so no two parameter lists make the same text.
        var text = string.Join("\n", new[] { quoteId.ToString("N"), email.Trim(), paymentMethod }.Select(v => $"{v.Length}:{v}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    public async Task<IdempotencyRecord?> FindAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyRecords.AsNoTracking().SingleOrDefaultAsync(r => r.Key == key, cancellationToken);
    }

    /// <summary>A record for a new order, saved with it (see <c>PaymentLedger.PlaceAsync</c>); it has no answer yet.</summary>
    public IdempotencyRecord ForOrder(string key, string fingerprint, Order order) => new()
    {
        Key = key,
        Fingerprint = fingerprint,
        OrderId = order.Id,
        // Only a new order carries its token (the store keeps its hash): sealed here, it is the replay's to give back.
        ProtectedToken = vault.Protect(order.Token ?? throw new InvalidOperationException("Only a new order, which carries its token, gets an idempotency record.")),
        CreatedAt = clock.GetUtcNow(),
    };

    /// <summary>Saves a refusal that placed no order as the key's answer; false when another request took the key first.</summary>
    public async Task<bool> SaveRefusalAsync(string key, string fingerprint, SavedAnswer answer, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = new IdempotencyRecord { Key = key, Fingerprint = fingerprint, CreatedAt = now };
        Complete(record, answer);
        db.IdempotencyRecords.Add(record);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (DbErrors.IsUniqueViolation(e))
        {
            return false;
        }
    }

    /// <summary>Sets the record's answer (once: the first final answer is the one every retry gets).</summary>
    public void Complete(IdempotencyRecord record, SavedAnswer answer)
    {
        if (record.ResponseStatus is not null) return;
        record.ResponseStatus = answer.Status;
        record.ProtectedResponse = vault.Protect(answer.ToJson());
        record.CompletedAt = clock.GetUtcNow();
    }

    public SavedAnswer? AnswerOf(IdempotencyRecord record) =>
        record.ProtectedResponse is { } sealedAnswer ? SavedAnswer.FromJson(vault.Unprotect(sealedAnswer)) : null;

    public string? TokenOf(IdempotencyRecord? record) => record?.ProtectedToken is { } sealedToken ? vault.Unprotect(sealedToken) : null;

    /// <summary>Deletes records older than <see cref="KeptFor"/>; returns how many.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - KeptFor;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
