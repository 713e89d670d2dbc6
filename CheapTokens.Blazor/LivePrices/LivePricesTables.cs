using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.LivePrices;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class LivePricesTables
{
    extension(StoreDbContext db)
    {
        /// <summary>The price board's shared figures, one row per second (PostgreSQL).</summary>
        public DbSet<BoardSecond> BoardSeconds => db.Set<BoardSecond>();
    }
}

internal sealed class BoardSecondConfiguration : IStoreEntityConfiguration<BoardSecond>
{
    public void Configure(EntityTypeBuilder<BoardSecond> second)
    {
        second.ToTable("BoardSeconds");
        second.HasKey(b => b.UnixSecond);
        second.Property(b => b.UnixSecond).ValueGeneratedNever();
    }
}
