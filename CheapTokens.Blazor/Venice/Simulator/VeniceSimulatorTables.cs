using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Venice.Simulator;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class VeniceSimulatorTables
{
    extension(StoreDbContext db)
    {
        /// <summary>The simulated Venice's account (only used while Venice:Simulator:Enabled).</summary>
        public DbSet<SimulatedVeniceKey> SimulatedVeniceKeys => db.Set<SimulatedVeniceKey>();

        public DbSet<SimulatedVeniceSpend> SimulatedVeniceSpend => db.Set<SimulatedVeniceSpend>();
    }
}

internal sealed class SimulatedVeniceKeyConfiguration : IStoreEntityConfiguration<SimulatedVeniceKey>
{
    public void Configure(EntityTypeBuilder<SimulatedVeniceKey> key)
    {
        key.ToTable("SimulatedVeniceKeys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).ValueGeneratedNever();
        key.HasIndex(k => k.SecretHash).IsUnique();
        key.HasMany(k => k.Spend).WithOne().HasForeignKey(s => s.KeyId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SimulatedVeniceSpendConfiguration : IStoreEntityConfiguration<SimulatedVeniceSpend>
{
    public void Configure(EntityTypeBuilder<SimulatedVeniceSpend> spend)
    {
        spend.ToTable("SimulatedVeniceSpend");
        spend.HasKey(s => new { s.KeyId, s.Day });
    }
}
