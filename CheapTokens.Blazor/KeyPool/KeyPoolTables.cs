using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.KeyPool;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class KeyPoolTables
{
    extension(StoreDbContext db)
    {
        /// <summary>Venice keys minted ahead, waiting for orders.</summary>
        public DbSet<PoolKey> PoolKeys => db.Set<PoolKey>();

        /// <summary>Venice key creations of the last minutes per account, the budget every node shares (PostgreSQL).</summary>
        public DbSet<KeyCreationSlot> KeyCreationSlots => db.Set<KeyCreationSlot>();

        /// <summary>Active Venice keys per account as all nodes know them (PostgreSQL).</summary>
        public DbSet<VeniceAccountTally> VeniceAccountTallies => db.Set<VeniceAccountTally>();
    }
}

internal sealed class PoolKeyConfiguration : IStoreEntityConfiguration<PoolKey>
{
    public void Configure(EntityTypeBuilder<PoolKey> key)
    {
        key.ToTable("PoolKeys");
        key.HasKey(p => p.Id);
        key.Property(p => p.Id).ValueGeneratedNever();
        // One key per run: a run holds at most one claim that was not discarded.
        key.HasIndex(p => p.ClaimedByOrderKeyId).IsUnique().HasFilter("\"ClaimedByOrderKeyId\" IS NOT NULL AND \"DiscardedAt\" IS NULL");
        key.HasIndex(p => new { p.ExpiresAt, p.ClaimedByOrderKeyId });
        key.HasIndex(p => p.VeniceKeyId).IsUnique();
    }
}

internal sealed class KeyCreationSlotConfiguration : IStoreEntityConfiguration<KeyCreationSlot>
{
    public void Configure(EntityTypeBuilder<KeyCreationSlot> slot)
    {
        slot.ToTable("KeyCreationSlots");
        slot.HasKey(s => s.Id);
        slot.HasIndex(s => new { s.Account, s.TakenAtUnixMs });
    }
}

internal sealed class VeniceAccountTallyConfiguration : IStoreEntityConfiguration<VeniceAccountTally>
{
    public void Configure(EntityTypeBuilder<VeniceAccountTally> tally)
    {
        tally.ToTable("VeniceAccountTallies");
        tally.HasKey(t => t.Account);
    }
}
