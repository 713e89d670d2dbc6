using CheapTokens.Blazor.Data;
using CheapTokens.Core.Pricing;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Pricing;

/// <summary>Saved pricing versions in the store's database, and keeping <see cref="LivePricing"/> on the newest.</summary>
public sealed class PricingVersions(IDbContextFactory<StoreDbContext> dbFactory, LivePricing live, TimeProvider clock)
{
    /// <summary>Loads the newest saved version into <see cref="LivePricing"/> (appsettings.json's stays while none is saved).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var newest = await db.PricingVersions.AsNoTracking().OrderByDescending(v => v.Id).FirstOrDefaultAsync(cancellationToken);
        if (newest is not null && newest.Id != live.Version) live.Apply(PricingSettings.FromJson(newest.Settings), newest.Id);
    }

    /// <summary>Saves <paramref name="settings"/> as a new version and puts it in force here at once.</summary>
    /// <param name="alsoInTransaction">Runs in the saving transaction (the operator console's audit entry): both commit or neither.</param>
    /// <returns>The problems when it is not valid (nothing saved), else the new version.</returns>
    public async Task<(IReadOnlyList<string> Errors, PricingVersion? Saved)> SaveAsync(PricingSettings settings, string createdBy, CancellationToken cancellationToken,
        Func<StoreDbContext, PricingVersion, Task>? alsoInTransaction = null)
    {
        var errors = settings.Validate(live.ConfiguredPasses);
        if (errors.Count > 0) return (errors, null);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var version = new PricingVersion { CreatedAt = clock.GetUtcNow(), CreatedBy = createdBy, Settings = settings.ToJson() };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.PricingVersions.Add(version);
        await db.SaveChangesAsync(cancellationToken);
        if (alsoInTransaction is not null) await alsoInTransaction(db, version);
        await transaction.CommitAsync(cancellationToken);
        live.Apply(settings, version.Id);
        return ([], version);
    }

    public async Task<IReadOnlyList<PricingVersion>> ListAsync(int count, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PricingVersions.AsNoTracking().OrderByDescending(v => v.Id).Take(count).ToListAsync(cancellationToken);
    }
}
