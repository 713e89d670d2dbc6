using System.Security.Cryptography;
using CheapTokens.Blazor.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// <c>dotnet run --project CheapTokens.Blazor -- operator add EMAIL</c>: creates an operator with a one-time password,
/// printed once, to be changed at the first sign-in, where the operator then sets up two-factor (an authenticator app
/// and recovery codes) before any console page opens. There is no default account and no default password.
/// </summary>
public static class OperatorCommand
{
    public static bool Matches(string[] args) => args is ["operator", ..];

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        // Anything after the email is configuration, as for the app itself (e.g. --Storage:DataDirectory=...).
        if (args is not ["operator", "add", var email, .. var configuration] || email.StartsWith("--", StringComparison.Ordinal))
        {
            await output.WriteLineAsync("Usage: operator add EMAIL");
            return 2;
        }

        var app = StoreApp.Build(StoreApp.CreateBuilder(configuration));
        // The data folder and both schemas, without starting the web server or the jobs.
        await Data.StoreDatabase.MigrateAsync(app.Services.GetRequiredService<IDbContextFactory<Data.StoreDbContext>>(), CancellationToken.None);
        await new OperatorDatabaseMigrator(app.Services.GetRequiredService<IDbContextFactory<OperatorDbContext>>()).StartAsync(CancellationToken.None);

        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(OperatorConsoleServiceCollectionExtensions.OperatorRole))
            await roles.CreateAsync(new IdentityRole(OperatorConsoleServiceCollectionExtensions.OperatorRole));

        var password = OneTimePassword();
        var user = new Operator { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, MustChangePassword = true };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await output.WriteLineAsync("Could not add the operator: " + string.Join(" ", created.Errors.Select(e => e.Description)));
            return 1;
        }
        await users.AddToRoleAsync(user, OperatorConsoleServiceCollectionExtensions.OperatorRole);
        await scope.ServiceProvider.GetRequiredService<OperatorAudit>().RecordAsync("operator add", null, user.Email, CancellationToken.None, actor: "console");

        await output.WriteLineAsync($"Operator {user.Email} added.");
        await output.WriteLineAsync($"One-time password: {password}");
        await output.WriteLineAsync($"Sign in at {OperatorConsoleServiceCollectionExtensions.SignInPath}, choose a new password and set up two-factor with an authenticator app; this password is shown only now.");
        return 0;
    }

    /// <summary>20 random characters from each class Identity's default password rules ask for.</summary>
    private static string OneTimePassword()
    {
        const string lower = "abcdefghijkmnopqrstuvwxyz", upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", digits = "23456789", symbols = "!@#$%^&*-_=+";
        var all = lower + upper + digits + symbols;
        var chars = new List<char>
        {
            lower[RandomNumberGenerator.GetInt32(lower.Length)], upper[RandomNumberGenerator.GetInt32(upper.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)], symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 20) chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        return new string(chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).ToArray());
    }
}
