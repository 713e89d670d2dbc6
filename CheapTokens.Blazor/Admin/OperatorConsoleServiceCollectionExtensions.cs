using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Data;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace CheapTokens.Blazor.Admin;

public static class OperatorConsoleServiceCollectionExtensions
{
    public const string OperatorRole = "operator";
    public const string OperatorPolicy = "Operator";

    /// <summary>Signed in as an operator, even one who still has to replace the one-time password: for changing it and signing out.</summary>
    public const string OperatorAccountPolicy = "OperatorAccount";

    /// <summary>Carried by the sign-in of an operator still on the one-time password: it opens nothing but the password change.</summary>
    public const string MustChangePasswordClaim = "ct_must_change_password";

    /// <summary>Carried by the sign-in of an operator without two-factor yet: it opens nothing but enrolment (and the password change).</summary>
    public const string MustEnrolClaim = "ct_must_enrol_two_factor";

    /// <summary>Signed in, the one-time password replaced, two-factor not necessarily set up: for the enrolment page.</summary>
    public const string OperatorEnrolPolicy = "OperatorEnrol";

    public const string ChangePasswordPath = "/admin/change-password";
    public const string SignInPath = "/admin/sign-in";
    public const string TwoFactorPath = "/admin/two-factor";

    /// <summary>
    /// The operator console's accounts: ASP.NET Core Identity on EF Core in the store's database, hashed passwords,
    /// a per-address limit on failed sign-ins in front of the account lockout, a sign-in cookie that is HttpOnly and
    /// SameSite=Strict, two-factor required before anything opens, sessions revalidated against the account. Every /admin
    /// page and admin API requires the operator role, by default too (the fallback policy).
    /// </summary>
    public static IServiceCollection AddOperatorConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<OperatorConsoleOptions>(configuration.GetSection(OperatorConsoleOptions.SectionName), o => o.Validate());
        services.AddDbContextFactory<OperatorDbContext>((sp, options) =>
            options.UseStoreDatabase(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value,
                sp.GetRequiredService<StoragePaths>().ConnectionString, OperatorDbContext.MigrationsHistoryTable));
        services.AddHostedService<OperatorDatabaseMigrator>();

        services.AddCascadingAuthenticationState();
        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<Operator>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 12;
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<OperatorDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<OperatorClaimsFactory>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider, which reads the wall clock.
            .AddTokenProvider<AppClockAuthenticatorTokenProvider<Operator>>(TokenOptions.DefaultAuthenticatorProvider);
        services.AddOptions<IdentityOptions>().Configure<IOptions<OperatorConsoleOptions>>((identity, console) =>
        {
            identity.Lockout.MaxFailedAccessAttempts = console.Value.LockoutFailures;
            identity.Lockout.DefaultLockoutTimeSpan = console.Value.Lockout;
        });
        // The cookie is checked against the account (security stamp) this often, on the app's clock.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<OperatorConsoleOptions>, TimeProvider>((stamp, console, clock) =>
        {
            stamp.ValidationInterval = console.Value.Revalidation;
            stamp.TimeProvider = clock;
        });
        services.AddScoped<AuthenticationStateProvider, OperatorRevalidatingAuthenticationStateProvider>();
        services.AddSingleton<OperatorSessionCheck>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<OperatorStepUp>();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ct_operator";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = SignInPath;
            // Signed in but refused: the one-time password has still to be changed, or two-factor set up (see Deny).
            o.AccessDeniedPath = ChangePasswordPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Admin APIs answer 401/403 instead of redirecting to a page.
            o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(OperatorRole).RequireAssertion(c => IsFullOperator(c.User)))
            .AddPolicy(OperatorEnrolPolicy, p => p.RequireAuthenticatedUser().RequireRole(OperatorRole)
                .RequireAssertion(c => !c.User.HasClaim(claim => claim.Type == MustChangePasswordClaim)))
            .AddPolicy(OperatorAccountPolicy, p => p.RequireAuthenticatedUser().RequireRole(OperatorRole))
            // For endpoints that name no policy: a console route (/admin and below) needs a full operator, so a page or
            // endpoint added without an attribute is closed; everything else (the store, its API, hub, assets, health,
            // stand-ins) stays as open as it was.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAssertion(c => c.Resource is not HttpContext http || !IsConsolePath(http.Request.Path) || IsFullOperator(c.User))
                .Build());
        services.AddHttpContextAccessor();
        services.AddScoped<OperatorAudit>();
        services.AddScoped<SalesControl>();
        services.AddScoped<ConsoleOrderQueries>();
        services.AddSingleton<ConsoleAuditLog>();
        services.AddScoped<OrderKeyRevoker>();
        services.AddScoped<ConsoleProvisioningRetry>();
        services.AddScoped<ConsoleRefund>();
        services.AddScoped<ConsoleKeyRevocation>();
        services.AddScoped<ConsoleReceiptResend>();
        services.AddScoped<PricingConsole>();
        services.AddSingleton<ConsoleHealth>();
        services.AddSingleton<ConsoleToday>();
        services.AddSingleton<RecentProblems>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<RecentProblems>());
        // Venice's throttles are information, which a quieter log level would hide from the health panel's count.
        services.Configure<LoggerFilterOptions>(o => o.AddFilter<RecentProblems>(typeof(Venice.VeniceKeyClient).FullName, LogLevel.Information));
        return services;
    }

    /// <summary>Signed in as an operator with the one-time password replaced and two-factor set up.</summary>
    public static bool IsFullOperator(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.IsInRole(OperatorRole)
        && !user.HasClaim(c => c.Type == MustChangePasswordClaim) && !user.HasClaim(c => c.Type == MustEnrolClaim);

    /// <summary>/admin and everything under it (not /admin.x or /administrator).</summary>
    public static bool IsConsolePath(PathString path) => path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase);

    /// <summary>Where a signed-in operator refused a console page has to go first; null when nothing is owed.</summary>
    public static string? OwedStep(ClaimsPrincipal user) =>
        user.HasClaim(c => c.Type == MustChangePasswordClaim) ? ChangePasswordPath
        : user.HasClaim(c => c.Type == MustEnrolClaim) ? TwoFactorPath
        : null;

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        // Downloads too: a CSV link followed without a session gets the status, not a sign-in page saved as a file.
        if (context.Request.Path.StartsWithSegments("/api") || IsDownload(context.Request.Path))
        {
            context.Response.StatusCode = status;
            // As is: the pages' status page would answer a refused form post with a 400 of its own.
            if (context.HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        }
        else if (status == StatusCodes.Status403Forbidden) context.Response.Redirect(OwedStep(context.HttpContext.User) ?? SignInPath);
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A file under /admin/export/ (the export page itself is a page).</summary>
    private static bool IsDownload(PathString path) => path.StartsWithSegments("/admin/export", out var rest) && rest.Value is { Length: > 1 };

    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/sign-out", async (SignInManager<Operator> signIn, UserManager<Operator> users, OperatorAudit audit, HttpContext context) =>
            {
                await audit.RecordAsync("sign-out", null, null, context.RequestAborted);
                // A new security stamp ends this operator's other sessions and open console pages too (at their next
                // check), not only this browser's cookie.
                if (await users.GetUserAsync(context.User) is { } user) await users.UpdateSecurityStampAsync(user);
                await signIn.SignOutAsync();
                return Results.Redirect(SignInPath);
            })
            .RequireAuthorization(OperatorAccountPolicy);
        endpoints.MapConsoleExport();
        return endpoints;
    }
}
