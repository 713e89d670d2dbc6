using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Admin;

/// <summary>
/// Checks an open page's operator against the account every OperatorConsole:RevalidationSeconds (see
/// <see cref="OperatorSessionCheck"/>); once the session no longer stands the page's user becomes anonymous, so a
/// console page falls back to the sign-in. Anonymous pages (the storefront) are never checked. Actions check again
/// themselves, right before they act (<see cref="OperatorStepUp"/>).
/// </summary>
public sealed class OperatorRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory, OperatorSessionCheck sessions, IOptions<OperatorConsoleOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.Revalidation;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        await sessions.ProblemAsync(authenticationState.User, cancellationToken) is null;
}
