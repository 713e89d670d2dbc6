namespace CheapTokens.Core.Supply;

/// <summary>Takes credits out of a day's supply so that concurrent buyers can never oversell it.</summary>
public interface ISupplyReservations
{
    /// <summary>
    /// Reserves <paramref name="credits"/> on every date in <paramref name="utcDates"/>, all or nothing.
    /// False when any date would go over <paramref name="dailySupply"/>; then nothing is reserved.
    /// </summary>
    Task<bool> TryReserveAsync(IReadOnlyCollection<DateOnly> utcDates, int credits, int dailySupply, CancellationToken cancellationToken);

    /// <summary>Gives reserved credits back (declined charge, refund). Never goes below zero.</summary>
    Task ReleaseAsync(IReadOnlyCollection<DateOnly> utcDates, int credits, CancellationToken cancellationToken);
}
