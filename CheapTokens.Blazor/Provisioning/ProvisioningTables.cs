using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CheapTokens.Blazor.Provisioning;

internal sealed class OrderLeaseConfiguration : IStoreEntityConfiguration<OrderLease>
{
    public void Configure(EntityTypeBuilder<OrderLease> lease)
    {
        lease.ToTable("OrderLeases");
        lease.HasKey(l => l.OrderId);
        lease.Property(l => l.OrderId).ValueGeneratedNever();
    }
}
