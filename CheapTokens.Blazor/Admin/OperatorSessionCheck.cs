using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// Whether a signed-in operator's session still stands: the account exists, is not locked, and its security stamp is
/// the one the session was issued with (a password change, two-factor enrolment or a sign-out anywhere renews the stamp).
/// Each check reads the account in its own scope: a console page's circuit keeps its own scope for hours, and an
/// account read there once would never be seen to change.
/// </summary>
public sealed class OperatorSessionCheck(IServiceScopeFactory scopes)
{
    /// <summary>Why the session no longer stands; null when it does.</summary>
    public async Task<string?> ProblemAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true) return "Not signed in.";
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Operator>>();
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.GetUserAsync(principal);
        if (user is null) return "The account no longer exists.";
        if (await users.IsLockedOutAsync(user)) return "The account is locked.";
        var stamp = principal.FindFirstValue(users.Options.ClaimsIdentity.SecurityStampClaimType);
        if (stamp is null || stamp != await users.GetSecurityStampAsync(user)) return "The account's password or sign-in changed, or it signed out.";
        return null;
    }
}
