using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Admin;

/// <summary>The audit log as the console reads it: the newest entries first.</summary>
public sealed class ConsoleAuditLog(IDbContextFactory<OperatorDbContext> factory)
{
    public async Task<IReadOnlyList<AuditEntry>> NewestAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Newest by id: ids only grow.
        return await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Id).Take(count).ToListAsync(cancellationToken);
    }
}
