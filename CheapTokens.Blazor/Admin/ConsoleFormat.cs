using System.Globalization;

namespace CheapTokens.Blazor.Admin;

/// <summary>Money and instants as the console writes them, the same on every page and in every timeline.</summary>
public static class ConsoleFormat
{
    public static string Dollars(decimal amount) => "$" + amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
