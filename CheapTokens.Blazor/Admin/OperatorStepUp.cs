using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace CheapTokens.Blazor.Admin;

/// <summary>Whether an operator may do an action now; <paramref name="Refusal"/> says why not, for the page.</summary>
public sealed record StepUpResult(bool Allowed, string? Refusal)
{
    public static readonly StepUpResult Yes = new(true, null);
}

/// <summary>
/// The check right before an operator's action acts: the session still stands (<see cref="OperatorSessionCheck"/>),
/// and, for the actions that move money, keys, prices or sales, a fresh code: the authenticator's current code (each
/// accepted once) or an unused recovery code (each works once). Every refusal is audited, never with the code.
/// A wrong code counts towards the account's lockout, like a wrong one at sign-in.
/// </summary>
public sealed class OperatorStepUp(OperatorSessionCheck sessions, IServiceScopeFactory scopes, OperatorAudit audit)
{
    public const string SessionEnded = "Your session has ended (signed out, locked, or the password changed). Nothing was done; sign in again.";
    public const string CodeRefused = "That code is wrong or was already used. Nothing was done; enter the code your authenticator app shows now, or an unused recovery code.";

    /// <param name="action">What the operator asked for, as the audit log names it.</param>
    /// <param name="code">The code typed in the confirm step; null for an action that asks for none.</param>
    public async Task<StepUpResult> CheckAsync(ClaimsPrincipal principal, string action, string? code, CancellationToken cancellationToken)
    {
        var actor = principal.Identity?.Name ?? "unknown";
        if (await sessions.ProblemAsync(principal, cancellationToken) is { } problem)
        {
            await audit.RecordAsync($"refused: {action}", null, $"session no longer valid: {problem}", cancellationToken, actor);
            return new(false, SessionEnded);
        }
        if (code is null) return StepUpResult.Yes;

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || !await CodeIsRightAsync(users, user, code))
        {
            if (user is not null) await users.AccessFailedAsync(user);
            await audit.RecordAsync($"refused: {action}", null, "wrong or reused code", cancellationToken, actor);
            return new(false, CodeRefused);
        }
        return StepUpResult.Yes;
    }

    /// <summary>Six digits are an authenticator code, anything else a recovery code (spaces ignored, as typed from paper).</summary>
    public static async Task<bool> CodeIsRightAsync(UserManager<Operator> users, Operator user, string code)
    {
        var typed = code.Replace(" ", "", StringComparison.Ordinal);
        if (typed.Length == 0) return false;
        var digits = typed.Replace("-", "", StringComparison.Ordinal);
        if (digits is { Length: 6 } && digits.All(char.IsAsciiDigit))
            return await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits);
        return (await users.RedeemTwoFactorRecoveryCodeAsync(user, typed.ToUpperInvariant())).Succeeded;
    }
}
