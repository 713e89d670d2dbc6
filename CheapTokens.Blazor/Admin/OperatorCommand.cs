using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// <c>dotnet run --project CheapTokens.Blazor -- operator add EMAIL</c>: creates an operator with a one-time password,
/// printed once, to be changed at the first sign-in, where the operator then sets up two-factor (an authenticator app
/// and recovery codes) before any console page opens. There is no default account and no default password.
/// <c>operator reset EMAIL</c> is for an operator who lost both the authenticator and the recovery codes: a new
/// one-time password, two-factor off until set up again, every session of theirs ended.
/// </summary>
public static class OperatorCommand
{
    public static bool Matches(string[] args) => args is ["operator", ..];

    /// <param name="composeStore">Builds the store's services from the configuration arguments, as the app would be
    /// built (the composition root passes its own).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, Func<string[], IServiceProvider> composeStore)
    {
        // Anything after the email is configuration, as for the app itself (e.g. --Storage:DataDirectory=...).
        if (args is not ["operator", "add" or "reset", var email, .. var configuration] || email.StartsWith("--", StringComparison.Ordinal))
        {
            await output.WriteLineAsync("Usage: operator add EMAIL | operator reset EMAIL");
            return 2;
        }
        var reset = args[1] == "reset";

        var services = composeStore(configuration);
        // The data folder and both schemas, without starting the web server or the jobs.
        await Data.StoreDatabase.MigrateAsync(services.GetRequiredService<IDbContextFactory<Data.StoreDbContext>>(), CancellationToken.None);
        await new OperatorDatabaseMigrator(services.GetRequiredService<IDbContextFactory<OperatorDbContext>>()).StartAsync(CancellationToken.None);

        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        if (!await roles.RoleExistsAsync(OperatorConsoleServiceCollectionExtensions.OperatorRole))
            await roles.CreateAsync(new IdentityRole(OperatorConsoleServiceCollectionExtensions.OperatorRole));

        var password = OneTimePassword();
        if (reset) return await ResetAsync(scope.ServiceProvider, users, email.Trim(), password, output);
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

    private static async Task<int> ResetAsync(IServiceProvider services, UserManager<Operator> users, string email, string password, TextWriter output)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            await output.WriteLineAsync($"No operator {email}.");
            return 1;
        }
        // A new password, then two-factor off with a new key (the old one may be on a lost phone) and no recovery codes;
        // each of these renews the security stamp, which ends the operator's open sessions.
        await users.RemovePasswordAsync(user);
        var changed = await users.AddPasswordAsync(user, password);
        if (!changed.Succeeded)
        {
            await output.WriteLineAsync("Could not reset the operator: " + string.Join(" ", changed.Errors.Select(e => e.Description)));
            return 1;
        }
        user.MustChangePassword = true;
        await users.UpdateAsync(user);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        // No recovery code left: the old ones are gone with the old set-up.
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        await services.GetRequiredService<OperatorAudit>().RecordAsync("operator reset", null, $"{user.Email}: new one-time password, two-factor to set up again", CancellationToken.None, actor: "console");
        await output.WriteLineAsync($"Operator {user.Email} reset.");
        await output.WriteLineAsync($"One-time password: {password}");
        await output.WriteLineAsync($"Sign in at {OperatorConsoleServiceCollectionExtensions.SignInPath}, choose a new password and set up two-factor again; this password is shown only now.");
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
