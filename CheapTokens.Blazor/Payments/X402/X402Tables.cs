using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Payments.X402;

/// <summary>This folder's tables in the store's database: their sets on <see cref="StoreDbContext"/> here, their configurations below.</summary>
public static class X402Tables
{
    extension(StoreDbContext db)
    {
        public DbSet<X402Offer> X402Offers => db.Set<X402Offer>();

        public DbSet<X402Authorization> X402Authorizations => db.Set<X402Authorization>();
    }
}

internal sealed class X402OfferConfiguration : IStoreEntityConfiguration<X402Offer>
{
    public void Configure(EntityTypeBuilder<X402Offer> offer)
    {
        offer.ToTable("X402Offers");
        offer.HasKey(o => o.QuoteId);
        offer.Property(o => o.QuoteId).ValueGeneratedNever();
        offer.Property(o => o.RequestFingerprint).HasMaxLength(64);
        offer.HasIndex(o => new { o.RequestFingerprint, o.AtomicAmount });
        offer.HasIndex(o => o.ExpiresAt);
    }
}

internal sealed class X402AuthorizationConfiguration : IStoreEntityConfiguration<X402Authorization>
{
    public void Configure(EntityTypeBuilder<X402Authorization> authorization)
    {
        authorization.ToTable("X402Authorizations");
        // The nonce is the key: a second insert of the same one fails on every engine, at once on two nodes too.
        authorization.HasKey(a => a.Nonce);
        authorization.Property(a => a.Nonce).HasMaxLength(66);
        authorization.HasIndex(a => a.OrderId).IsUnique();
        authorization.HasIndex(a => a.Transaction);
    }
}
