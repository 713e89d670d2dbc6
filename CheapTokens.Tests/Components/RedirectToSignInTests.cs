using System.Security.Claims;
using Bunit;
using CheapTokens.Blazor.Admin;
using CheapTokens.Blazor.Components.Admin;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Components;

/// <summary>Where a console page someone may not open sends them.</summary>
public class RedirectToSignInTests : ComponentTestContext
{
    private string LandedOn() => Services.GetRequiredService<NavigationManager>().Uri;

    [Fact]
    public void AnAnonymousVisitorGoesToTheSignInAndComesBackToThePageAfterwards()
    {
        AddAuthorization();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/orders?status=Paid");

        Render<RedirectToSignIn>();

        Assert.Equal("http://localhost/admin/sign-in?returnUrl=%2Fadmin%2Forders%3Fstatus%3DPaid", LandedOn());
    }

    [Fact]
    public void AnOperatorStillOnTheOneTimePasswordGoesToThePasswordChange()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("ops@example.com");
        auth.SetRoles(OperatorConsoleServiceCollectionExtensions.OperatorRole);
        auth.SetClaims(new Claim(OperatorConsoleServiceCollectionExtensions.MustChangePasswordClaim, "true"));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/pricing");

        Render<RedirectToSignIn>();

        Assert.Equal("http://localhost" + OperatorConsoleServiceCollectionExtensions.ChangePasswordPath, LandedOn());
    }

    [Fact]
    public void AnOperatorWithoutTwoFactorGoesToItsSetUp()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("ops@example.com");
        auth.SetRoles(OperatorConsoleServiceCollectionExtensions.OperatorRole);
        auth.SetClaims(new Claim(OperatorConsoleServiceCollectionExtensions.MustEnrolClaim, "true"));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/admin/orders");

        Render<RedirectToSignIn>();

        Assert.Equal("http://localhost" + OperatorConsoleServiceCollectionExtensions.TwoFactorPath, LandedOn());
    }
}
