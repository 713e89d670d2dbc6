using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// Writes the append-only audit log: who (the signed-in operator), when (the app clock), what, before → after.
/// The log is in the store's database, so an action on the store's data and its entry can commit in one transaction
/// (<see cref="RecordInAsync"/>).
/// </summary>
public sealed class OperatorAudit(IDbContextFactory<OperatorDbContext> factory, IHttpContextAccessor http, IOptions<DatabaseOptions> database, TimeProvider clock)
{
    /// <summary>Longest text kept from what a visitor typed (an email at a failed sign-in, say).</summary>
    public const int MaxTypedLength = 256;

    public async Task RecordAsync(string action, string? before, string? after, CancellationToken cancellationToken, string? actor = null)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(Entry(action, before, after, actor));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Adds the entry in <paramref name="storeDb"/>'s open transaction, on its connection: it commits with the action's
    /// own changes or not at all.
    /// </summary>
    public async Task RecordInAsync(DbContext storeDb, string action, string? before, string? after, string? actor, CancellationToken cancellationToken)
    {
        var transaction = storeDb.Database.CurrentTransaction?.GetDbTransaction()
                          ?? throw new InvalidOperationException("An audit entry recorded with an action needs the action's transaction.");
        var connection = storeDb.Database.GetDbConnection();
        var options = new DbContextOptionsBuilder<OperatorDbContext>();
        if (database.Value.IsPostgres) options.UseNpgsql(connection);
        else options.UseSqlite(connection);
        await using var db = new OperatorDbContext(options.Options);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        db.AuditLog.Add(Entry(action, before, after, actor));
        await db.SaveChangesAsync(cancellationToken);
    }

    private AuditEntry Entry(string action, string? before, string? after, string? actor) => new()
    {
        At = clock.GetUtcNow(),
        Actor = Clip(actor ?? http.HttpContext?.User.Identity?.Name ?? "unknown"),
        Action = action,
        Before = before,
        After = after,
    };

    private static string Clip(string text) => text.Length <= MaxTypedLength ? text : text[..MaxTypedLength];
}
