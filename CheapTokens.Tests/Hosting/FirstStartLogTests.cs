using CheapTokens.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace CheapTokens.Tests.Hosting;

/// <summary>A store's first start, on an empty database, logs no error: an operator reading the log sees nothing to fix.</summary>
public class FirstStartLogTests
{
    [Fact]
    public Task AFirstStartOnSqliteLogsNoError() => FirstStartLogsNoErrorAsync();

    [PostgresFact]
    public async Task AFirstStartOnPostgreSqlLogsNoError()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        using var onPostgres = StoreHost.OnDatabase(database);
        await FirstStartLogsNoErrorAsync();
    }

    private static async Task FirstStartLogsNoErrorAsync()
    {
        var logs = new CapturingLoggerProvider();
        IReadOnlyList<string> started;
        await using (await StoreHost.StartAsync(
                         new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" },
                         new FakeTimeProvider(StoreHost.Afternoon),
                         services => services.AddSingleton<ILoggerProvider>(logs)))
        {
            started = logs.Lines;
        }

        Assert.Contains(started, line => line.Contains("Store database ready", StringComparison.Ordinal));
        Assert.DoesNotContain(started, line => line.StartsWith(nameof(LogLevel.Error), StringComparison.Ordinal) || line.StartsWith(nameof(LogLevel.Critical), StringComparison.Ordinal));
    }
}
