using CheapTokens.Blazor.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CheapTokens.Tests.Data;

public class TransactionRetryTests
{
    private static DbUpdateException Aborted(string sqlState) =>
        new("An error occurred while saving the entity changes.", new PostgresException("aborted", "ERROR", "ERROR", sqlState));

    [Theory]
    [InlineData("40001")] // serialization_failure
    [InlineData("40P01")] // deadlock_detected
    public async Task AUnitAbortedForAConflictRunsAgainAndItsResultIsReturned(string sqlState)
    {
        var runs = 0;

        var result = await TransactionRetry.RunAsync(() => ++runs == 1 ? throw Aborted(sqlState) : Task.FromResult("done"));

        Assert.Equal(("done", 2), (result, runs));
    }

    [Fact]
    public async Task AUnitThatKeepsCollidingGivesUpAfterFiveRunsWithTheEnginesError()
    {
        var runs = 0;

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => TransactionRetry.RunAsync<int>(() => { runs++; throw Aborted("40P01"); }));

        Assert.Equal(TransactionRetry.MaxAttempts, runs);
        Assert.Equal("40P01", Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task OtherErrorsAreNotRunAgain()
    {
        var runs = 0;

        await Assert.ThrowsAsync<DbUpdateException>(() => TransactionRetry.RunAsync<int>(() => { runs++; throw Aborted("23505"); }));

        Assert.Equal(1, runs);
    }
}
