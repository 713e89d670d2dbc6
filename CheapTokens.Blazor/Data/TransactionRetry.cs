namespace CheapTokens.Blazor.Data;

/// <summary>
/// Runs a unit of work (its own context and transaction) again when PostgreSQL aborted it for colliding with another
/// transaction (<see cref="DbErrors.IsTransactionConflict"/>): with several nodes writing, a deadlock between two
/// orders' transactions is rare but possible, and the loser's work is lost, not wrong. The unit must read what it
/// changes inside its transaction, so a second run works on the state the winner left. SQLite never raises these.
/// </summary>
public static class TransactionRetry
{
    public const int MaxAttempts = 5;

    public static async Task<T> RunAsync<T>(Func<Task<T>> unitOfWork)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await unitOfWork();
            }
            catch (Exception e) when (attempt < MaxAttempts && DbErrors.IsTransactionConflict(e))
            {
                // The engine has already rolled the transaction back; the other one has gone on.
            }
        }
    }
}
