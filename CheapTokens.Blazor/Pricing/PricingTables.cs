using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Pricing;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class PricingTables
{
    extension(StoreDbContext db)
    {
        /// <summary>Pricing versions saved from the console; the newest is in force (appsettings.json gives the first).</summary>
        public DbSet<PricingVersion> PricingVersions => db.Set<PricingVersion>();
    }
}

internal sealed class PricingVersionConfiguration : IStoreEntityConfiguration<PricingVersion>
{
    public void Configure(EntityTypeBuilder<PricingVersion> version)
    {
        version.ToTable("PricingVersions");
        version.HasKey(v => v.Id);
    }
}
