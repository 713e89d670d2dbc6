using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CheapTokens.Blazor.Data;

/// <summary>
/// Lets SQLite itself wait for the write lock (<c>PRAGMA busy_timeout</c>) on every connection the store opens. Without
/// it, a writer that finds the lock taken (a pool refill, a mint, another order) is retried by Microsoft.Data.Sqlite
/// after a fixed 150 ms sleep, so a hand-out that collides with another write waited 150 ms or more for a lock held a few
/// milliseconds. SQLite's own handler retries after 1, 2, 5, 10 ms ..., so the writer goes on as soon as the lock is free.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public static readonly SqliteBusyTimeout Instance = new();

    // As long as the connection's command timeout ("Default Timeout=30"): past it a write fails as before.
    private const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
