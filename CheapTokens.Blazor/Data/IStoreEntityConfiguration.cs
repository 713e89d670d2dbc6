using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// A table of the store's database, configured in the folder of the feature that owns it. <see cref="StoreDbContext"/>
/// applies every one in the assembly, and no other entity configuration (the operator console's context has its own).
/// </summary>
public interface IStoreEntityConfiguration<TEntity> : IEntityTypeConfiguration<TEntity> where TEntity : class;

/// <summary>Finds the <see cref="IStoreEntityConfiguration{TEntity}"/> classes.</summary>
public static class StoreEntityConfigurations
{
    public static bool Includes(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IStoreEntityConfiguration<>));
}
