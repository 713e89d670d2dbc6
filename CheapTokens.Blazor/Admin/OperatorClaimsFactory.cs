using Microsoft.AspNetCore.Identity;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// Marks the sign-in of an operator still on the one-time password, or without two-factor, so the console's policy
/// refuses it everything but the step owed.
/// </summary>
public sealed class OperatorClaimsFactory(UserManager<Operator> users, RoleManager<IdentityRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Operator, IdentityRole>(users, roles, options)
{
    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(Operator user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new System.Security.Claims.Claim(OperatorConsoleServiceCollectionExtensions.MustChangePasswordClaim, "true"));
        if (!user.TwoFactorEnabled) identity.AddClaim(new System.Security.Claims.Claim(OperatorConsoleServiceCollectionExtensions.MustEnrolClaim, "true"));
        return identity;
    }
}
