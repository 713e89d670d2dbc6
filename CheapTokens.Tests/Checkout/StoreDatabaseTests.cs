using CheapTokens.Blazor.Data;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace CheapTokens.Tests.Checkout;

public class StoreDatabaseTests
{
    [Fact]
    public async Task SnapshotMatchesTheModel()
    {
        await using var store = await StoreScenarios.StartCheckoutAsync();
        await using var db = await store.OpenDbAsync();

        var snapshot = db.GetService<IMigrationsAssembly>().ModelSnapshot!.Model;
        var differ = db.GetService<IMigrationsModelDiffer>();
        var finalized = db.GetService<IModelRuntimeInitializer>().Initialize(snapshot);
        var differences = differ.GetDifferences(finalized.GetRelationalModel(), db.GetService<IDesignTimeModel>().Model.GetRelationalModel());

        Assert.Empty(differences.Select(d => d.GetType().Name + " " + Describe(d)));
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task MigrationCreatesTheDatabaseFileAndKeyFolderUnderTheDataDirectory()
    {
        await using var store = await StoreScenarios.StartCheckoutAsync();
        await using var db = await store.OpenDbAsync();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal("20261121000000_Initial", db.Database.GetMigrations().First());
        var paths = store.Get<StoragePaths>();
        Assert.True(File.Exists(paths.DatabasePath));
        Assert.True(Directory.Exists(paths.KeysDirectory));
        Assert.StartsWith(store.DataDirectory, paths.DataDirectory);
    }

    /// <summary>
    /// Migrations from different branches each rebuild SQLite tables from their own view of the model; this catches
    /// one silently dropping a column another added.
    /// </summary>
    [Fact]
    public async Task MigratedDatabaseHasEveryTableAndColumnOfTheModel()
    {
        await using var store = await StoreScenarios.StartCheckoutAsync();
        await using var db = await store.OpenDbAsync();

        var missing = new List<string>();
        foreach (var table in db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables)
        {
            var columns = await db.Database
                .SqlQuery<string>($"SELECT name AS \"Value\" FROM pragma_table_info({table.Name})")
                .ToListAsync();
            if (columns.Count == 0) missing.Add(table.Name);
            else missing.AddRange(table.Columns.Where(c => !columns.Contains(c.Name)).Select(c => $"{table.Name}.{c.Name}"));
        }
        Assert.Empty(missing);
    }

    private static string Describe(MigrationOperation operation) => operation switch
    {
        AddColumnOperation a => $"{a.Table}.{a.Name}",
        AlterColumnOperation a => $"{a.Table}.{a.Name} ({a.OldColumn.ColumnType}/{a.OldColumn.IsNullable} -> {a.ColumnType}/{a.IsNullable})",
        DropColumnOperation d => $"{d.Table}.{d.Name}",
        CreateIndexOperation c => $"{c.Table}.{c.Name}",
        DropIndexOperation d => $"{d.Table}.{d.Name}",
        CreateTableOperation c => c.Name,
        DropTableOperation d => d.Name,
        _ => operation.ToString() ?? "",
    };
}
