using System.Data.Common;
using System.Reflection;
using System.Text.RegularExpressions;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Data;
using CheapTokens.Blazor.KeyPool;
using CheapTokens.Core.Orders;
using CheapTokens.Core.Payments;
using CheapTokens.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace CheapTokens.Tests.Scaling;

/// <summary>
/// Instants on PostgreSQL are <c>timestamp with time zone</c>: a database that stored them as the store's UTC text is
/// converted by the InstantsAsTimestamptz migrations with every value kept, and range queries compare instants there.
/// </summary>
public class PostgresInstantTests
{
    private const string ConversionMigration = "_InstantsAsTimestamptz";

    [PostgresFact]
    public async Task EveryInstantWrittenAsTextBeforeTheMigrationReadsBackEqualFromATimestamptzColumnAfterIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        // A session far from UTC: the conversion must not read the stored text as local time.
        var inKolkata = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Timezone = "Asia/Kolkata" }.ConnectionString;
        var engine = new DatabaseOptions { Provider = DatabaseOptions.Postgres, ConnectionString = inKolkata };
        var store = StoreOptions(engine);
        var console = ConsoleOptions(engine);
        await MigrateToJustBeforeTheConversionAsync(new StoreDbContext(store.Options));
        await MigrateToJustBeforeTheConversionAsync(new OperatorDbContext(console.Options));

        // What the store held before: a paid order with its key, its quote and its charge, plus rows of every kind of
        // record that has an instant (set, and null where it may be), written by the app's model as it was then.
        List<WrittenRow> written;
        await using (var before = new StoreDbContext(StoreOptions(engine).ReplaceService<IModelCustomizer, InstantsAsTextAsBefore>().Options))
        {
            var paidAt = At(15, 0, 5, 123_456);
            var quote = Quote.Create(10, 0.5m, At(15, 0, 0, 999_999));
            var order = Order.Create(quote, "buyer@example.com", "sandbox_visa", "idem-1", At(15, 0, 1, 1));
            order.MarkPaid("ch_1", paidAt);
            var payment = Payment.Start(order.Id, order.Total, "sandbox_visa", At(15, 0, 1, 2));
            payment.Succeed("ch_1", paidAt);
            before.AddRange(quote, order, payment);
            written = await WriteEveryKindAsync(before);
        }
        await using (var before = new OperatorDbContext(ConsoleOptions(engine).ReplaceService<IModelCustomizer, InstantsAsTextAsBefore>().Options))
        {
            before.AuditLog.Add(new AuditEntry { At = At(15, 0, 7, 654_321), Actor = "console", Action = "pause sales" });
            // Finer than PostgreSQL keeps: the last tick digit goes, and the instant does not round up into the next second.
            before.AuditLog.Add(new AuditEntry { At = At(23, 59, 59, 999_999).AddTicks(9), Actor = "console", Action = "resume sales" });
            written.AddRange(await WriteEveryKindAsync(before));
        }

        await StoreDatabase.MigrateAsync(new PooledDbContextFactory<StoreDbContext>(store.Options), default);
        await new OperatorDatabaseMigrator(new PooledDbContextFactory<OperatorDbContext>(console.Options)).StartAsync(default);

        await using var storeDb = new StoreDbContext(store.Options);
        await using var consoleDb = new OperatorDbContext(console.Options);
        Assert.Empty(await DifferencesAsync(storeDb, written));
        Assert.Empty(await DifferencesAsync(consoleDb, written));
        var columnTypes = await ColumnTypesAsync(database);
        var instantColumns = InstantColumnsOf(storeDb).Concat(InstantColumnsOf(consoleDb)).ToList();
        Assert.Contains("Orders.PaidAt", instantColumns);
        Assert.Contains("OperatorUsers.LockoutEnd", instantColumns);
        Assert.All(instantColumns, column => Assert.Equal((column, "timestamp with time zone"), (column, columnTypes[column])));
    }

    [PostgresFact]
    public async Task TodaysOrdersOnTheConsoleAreSelectedByPostgreSqlComparingInstants()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        var commands = new CommandLog();
        var midnight = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var clock = new FakeTimeProvider(StoreHost.Afternoon);
        await using var store = await StoreHost.StartAsync(
            clock: clock, services: s => s.ConfigureDbContext<StoreDbContext>(o => o.AddInterceptors(commands)));
        await store.PaidOrderAsync(credits: 10);
        clock.SetUtcNow(midnight);
        await store.PaidOrderAsync(credits: 3);
        await using (var db = await store.OpenDbAsync())
        {
            // Prices locked on either side of midnight, a microsecond apart.
            db.Quotes.AddRange(Quote.Create(1, 0.5m, midnight.AddTicks(-10)), Quote.Create(1, 0.5m, midnight));
            await db.SaveChangesAsync();
        }
        commands.Clear();

        var today = await store.Get<ConsoleToday>().LoadAsync(default);

        Assert.Equal((1, 3, 2), (today.Orders, today.CreditsSold, today.Quotes));
        // The range is in the query PostgreSQL ran, against an instant (not the text the column used to hold).
        var range = new Regex("FROM \"Orders\" AS \\w+\\s+WHERE \\w+\\.\"CreatedAt\" >= (@\\w+)");
        var query = Assert.Single(commands.Executed, c => range.IsMatch(c.Text));
        var parameter = range.Match(query.Text).Groups[1].Value;
        Assert.Equal(midnight, Assert.IsType<DateTimeOffset>(query.Parameters[parameter]));
    }

    [PostgresFact]
    public async Task AnInstantGivenInAnotherOffsetIsStoredAsItsUtcInstantAndAClaimNamingItSoFindsTheKey()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await using var store = await StoreHost.StartAsync(clock: new FakeTimeProvider(StoreHost.Afternoon));
        var pool = store.Get<KeyPoolStore>();
        var midnight = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        var inParis = midnight.ToOffset(TimeSpan.FromHours(1));
        await pool.AddAsync(new PoolKey
        {
            Id = Guid.NewGuid(), Account = "default", VeniceKeyId = "pool-0", ProtectedApiKey = "protected", ApiKeyHint = "…0000",
            ExpiresAt = inParis, CreatedAt = StoreHost.Afternoon.ToOffset(TimeSpan.FromHours(-5)),
        }, default);

        // The claim's own SQL (PostgreSQL's skip-locked path) is given the instant in yet another offset.
        var claim = await pool.TryClaimAsync(Guid.NewGuid(), midnight.ToOffset(TimeSpan.FromHours(9)), StoreHost.Afternoon.ToOffset(TimeSpan.FromHours(2)), default);

        Assert.NotNull(claim);
        Assert.Equal((midnight, TimeSpan.Zero), (claim.ExpiresAt, claim.ExpiresAt.Offset));
        Assert.Equal(StoreHost.Afternoon, claim.CreatedAt);
        Assert.Equal(StoreHost.Afternoon, claim.ClaimedAt);
    }

    private static DbContextOptionsBuilder<StoreDbContext> StoreOptions(DatabaseOptions engine) =>
        (DbContextOptionsBuilder<StoreDbContext>)new DbContextOptionsBuilder<StoreDbContext>().UseStoreDatabase(engine, "");

    private static DbContextOptionsBuilder<OperatorDbContext> ConsoleOptions(DatabaseOptions engine) =>
        (DbContextOptionsBuilder<OperatorDbContext>)new DbContextOptionsBuilder<OperatorDbContext>().UseStoreDatabase(engine, "", OperatorDbContext.MigrationsHistoryTable);

    private static async Task MigrateToJustBeforeTheConversionAsync(DbContext db)
    {
        await using (db)
        {
            var migrations = db.Database.GetMigrations().ToList();
            var conversion = migrations.FindIndex(m => m.EndsWith(ConversionMigration, StringComparison.Ordinal));
            Assert.True(conversion > 0, $"{db.GetType().Name} has no {ConversionMigration} migration after another");
            await db.GetService<IMigrator>().MigrateAsync(migrations[conversion - 1]);
        }
    }

    /// <summary>A UTC instant on the test's day, to the microsecond (what PostgreSQL keeps).</summary>
    private static DateTimeOffset At(int hour, int minute, int second, int microsecond) =>
        new DateTimeOffset(2026, 11, 21, hour, minute, second, TimeSpan.Zero).AddTicks(microsecond * 10L);

    private static bool IsInstant(IReadOnlyProperty property) => (Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType) == typeof(DateTimeOffset);

    private static List<string> InstantColumnsOf(DbContext db) =>
        db.Model.GetEntityTypes()
            .SelectMany(t => t.GetProperties().Where(IsInstant).Select(p => $"{t.GetTableName()}.{p.GetColumnName()}"))
            .ToList();

    private static async Task<Dictionary<string, string>> ColumnTypesAsync(PostgresTestDatabase database)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'public'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var types = new Dictionary<string, string>();
        while (await reader.ReadAsync()) types[$"{reader.GetString(0)}.{reader.GetString(1)}"] = reader.GetString(2);
        return types;
    }

    /// <summary>One row as written before the migration: its entity type, key and instants.</summary>
    private sealed record WrittenRow(Type Context, IEntityType Type, object?[] Key, IReadOnlyDictionary<string, DateTimeOffset?> Instants);

    /// <summary>
    /// Adds two rows of every entity type with an instant (and of the types they refer to), the first with every
    /// instant set, the second with every nullable one null, saves them with whatever was added before, and returns
    /// every saved row with its instants. Fails when the fixture misses an instant column, set or null.
    /// </summary>
    private static async Task<HashSet<string>> ExistingTablesAsync(DbContext db)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task<List<WrittenRow>> WriteEveryKindAsync(DbContext db)
    {
        var sample = new Samples();
        var added = new Dictionary<IEntityType, object[]>();
        // Only the tables the database has at the migration before the conversion: tables of later migrations are
        // created with their instants as timestamptz already, so they hold no text to convert.
        var tables = await ExistingTablesAsync(db);
        var pending = db.Model.GetEntityTypes().Where(t => t.GetProperties().Any(IsInstant) && tables.Contains(t.GetTableName()!)).ToList();
        pending.AddRange(pending.SelectMany(t => t.GetForeignKeys()).Select(fk => fk.PrincipalEntityType).Where(t => !pending.Contains(t)).Distinct().ToList());
        while (pending.Count > 0)
        {
            var type = pending.First(t => t.GetForeignKeys().All(fk => fk.PrincipalEntityType == t || added.ContainsKey(fk.PrincipalEntityType)));
            pending.Remove(type);
            added[type] = [Row(type, 0), Row(type, 1)];
        }
        await db.SaveChangesAsync();

        var rows = db.ChangeTracker.Entries()
            .Where(e => e.Metadata.GetProperties().Any(IsInstant))
            .Select(e => new WrittenRow(
                db.GetType(),
                e.Metadata,
                e.Metadata.FindPrimaryKey()!.Properties.Select(p => e.Property(p.Name).CurrentValue).ToArray(),
                e.Metadata.GetProperties().Where(IsInstant).ToDictionary(p => p.Name, p => (DateTimeOffset?)e.Property(p.Name).CurrentValue)))
            .ToList();
        foreach (var property in db.Model.GetEntityTypes().Where(t => tables.Contains(t.GetTableName()!)).SelectMany(t => t.GetProperties()).Where(IsInstant))
        {
            var values = rows.Where(r => r.Type == property.DeclaringType).Select(r => r.Instants[property.Name]).ToList();
            Assert.Contains(values, v => v is not null);
            if (property.IsNullable) Assert.Contains(values, v => v is null);
        }
        return rows;

        object Row(IEntityType type, int row)
        {
            var entity = Activator.CreateInstance(type.ClrType, nonPublic: true)!;
            foreach (var property in type.GetProperties().Where(p => !p.IsShadowProperty()))
            {
                // Ids the database numbers itself.
                if (property.IsPrimaryKey() && property.ValueGenerated == ValueGenerated.OnAdd && property.ClrType != typeof(Guid)) continue;
                var foreignKey = property.GetContainingForeignKeys().FirstOrDefault(fk => fk.PrincipalEntityType != type);
                var value = foreignKey is null
                    ? sample.For(property, row)
                    : Get(added[foreignKey.PrincipalEntityType][row], foreignKey.PrincipalKey.Properties[foreignKey.Properties.ToList().IndexOf(property)]);
                Set(entity, property, value);
            }
            db.Add(entity);
            return entity;
        }
    }

    private static object? Get(object entity, IProperty property) =>
        property.FieldInfo is { } field ? field.GetValue(entity) : property.PropertyInfo!.GetValue(entity);

    private static void Set(object entity, IProperty property, object? value)
    {
        if (property.FieldInfo is { } field) field.SetValue(entity, value);
        else property.PropertyInfo!.SetValue(entity, value);
    }

    /// <summary>Distinct values that satisfy the schema; instants to the microsecond, in several offsets.</summary>
    private sealed class Samples
    {
        private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, TimeSpan.FromHours(5.5), TimeSpan.FromHours(-8)];
        private int _next;

        public object? For(IProperty property, int row)
        {
            var n = ++_next;
            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (row == 1 && property.IsNullable && type != typeof(string)) return null;
            if (type == typeof(DateTimeOffset))
                return new DateTimeOffset(2026, 11, 21, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_990 - n * 10_000_010L).ToOffset(Offsets[n % Offsets.Length]);
            if (type == typeof(string)) return $"v{n}";
            if (type == typeof(Guid)) return Guid.NewGuid();
            if (type == typeof(bool)) return row == 0;
            if (type == typeof(int)) return n;
            if (type == typeof(long)) return (long)n;
            if (type == typeof(decimal)) return n + 0.25m;
            if (type == typeof(DateOnly)) return new DateOnly(2026, 11, 21).AddDays(n);
            if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
            throw new NotSupportedException($"No sample value for {property.DeclaringType.DisplayName()}.{property.Name} ({type.Name}): add one.");
        }
    }

    private static async Task<List<string>> DifferencesAsync(DbContext db, List<WrittenRow> written)
    {
        var differences = new List<string>();
        foreach (var row in written.Where(r => r.Context == db.GetType()))
        {
            var entity = await db.FindAsync(row.Type.ClrType, row.Key);
            if (entity is null)
            {
                differences.Add($"{row.Type.GetTableName()} {string.Join(",", row.Key)}: gone");
                continue;
            }
            var entry = db.Entry(entity);
            foreach (var (name, wrote) in row.Instants)
            {
                var read = (DateTimeOffset?)entry.Property(name).CurrentValue;
                // Equal as instants to the microsecond PostgreSQL keeps, and read back in UTC.
                var kept = wrote is { } value ? UtcInstantConverter.ToStored(value) : (DateTimeOffset?)null;
                if (read != kept || (read is { } r && r.Offset != TimeSpan.Zero))
                    differences.Add($"{row.Type.GetTableName()}.{name} {string.Join(",", row.Key)}: wrote {wrote:O}, read {read:O}");
            }
        }
        return differences;
    }

    /// <summary>The model as the store had it before the conversion: the store's instants (and the console's audit log's) as UTC text.</summary>
    private sealed class InstantsAsTextAsBefore(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()).Where(IsInstant))
            {
                if (context is StoreDbContext || property.DeclaringType.ClrType == typeof(AuditEntry))
                    property.SetValueConverter(new UtcTimestampConverter());
            }
        }
    }

    /// <summary>The commands the store's contexts run, with their parameters' values.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly List<(string Text, IReadOnlyDictionary<string, object?> Parameters)> _executed = [];

        public IReadOnlyList<(string Text, IReadOnlyDictionary<string, object?> Parameters)> Executed
        {
            get { lock (_executed) return _executed.ToList(); }
        }

        public void Clear()
        {
            lock (_executed) _executed.Clear();
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            var parameters = command.Parameters.Cast<DbParameter>().ToDictionary(p => p.ParameterName.StartsWith('@') ? p.ParameterName : "@" + p.ParameterName, p => (object?)p.Value);
            lock (_executed) _executed.Add((command.CommandText, parameters));
            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
