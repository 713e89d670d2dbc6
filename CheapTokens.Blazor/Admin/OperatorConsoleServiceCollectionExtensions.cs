using CheapTokens.Blazor.Configuration;
using CheapTokens.Blazor.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
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

    public const string ChangePasswordPath = "/admin/change-password";
    public const string SignInPath = "/admin/sign-in";

    /// <summary>
    /// The operator console's accounts: ASP.NET Core Identity on EF Core in the store's database, hashed passwords,
    /// lockout after 5 failures, a sign-in cookie that is HttpOnly and SameSite=Strict. Every /admin page and admin
    /// API requires the operator role.
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
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<OperatorDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<OperatorClaimsFactory>()
            .AddDefaultTokenProviders()
            // Replaces Identity's authenticator provider, which reads the wall clock.
            .AddTokenProvider<AppClockAuthenticatorTokenProvider<Operator>>(TokenOptions.DefaultAuthenticatorProvider);
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "ct_operator";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = SignInPath;
            // Signed in but refused: the one-time password has still to be changed.
            o.AccessDeniedPath = ChangePasswordPath;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // Admin APIs answer 401/403 instead of redirecting to a page.
            o.Events.OnRedirectToLogin = context => Deny(context, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = context => Deny(context, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(OperatorPolicy, p => p.RequireAuthenticatedUser().RequireRole(OperatorRole)
                .RequireAssertion(c => !c.User.HasClaim(claim => claim.Type == MustChangePasswordClaim)))
            .AddPolicy(OperatorAccountPolicy, p => p.RequireAuthenticatedUser().RequireRole(OperatorRole));
        services.AddHttpContextAccessor();
        services.AddScoped<OperatorAudit>();
        services.AddScoped<SalesControl>();
        services.AddScoped<ConsoleOrders>();
        services.AddScoped<PricingConsole>();
        services.AddSingleton<ConsoleHealth>();
        services.AddSingleton<ConsoleToday>();
        services.AddSingleton<RecentProblems>();
        services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<RecentProblems>());
        return services;
    }

    private static Task Deny(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context, int status)
    {
        // Downloads too: a CSV link followed without a session gets the status, not a sign-in page saved as a file.
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/admin/export")) context.Response.StatusCode = status;
        else context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    public static IEndpointRouteBuilder MapOperatorConsole(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/admin/sign-out", async (SignInManager<Operator> signIn, OperatorAudit audit, HttpContext context) =>
            {
                await audit.RecordAsync("sign-out", null, null, context.RequestAborted);
                await signIn.SignOutAsync();
                return Results.Redirect(SignInPath);
            })
            .RequireAuthorization(OperatorAccountPolicy);
        endpoints.MapConsoleExport();
        return endpoints;
    }
}

/// <summary>Marks the sign-in of an operator still on the one-time password, so the console's policy refuses it everything else.</summary>
public sealed class OperatorClaimsFactory(UserManager<Operator> users, RoleManager<IdentityRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Operator, IdentityRole>(users, roles, options)
{
    protected override async Task<System.Security.Claims.ClaimsIdentity> GenerateClaimsAsync(Operator user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (user.MustChangePassword) identity.AddClaim(new System.Security.Claims.Claim(OperatorConsoleServiceCollectionExtensions.MustChangePasswordClaim, "true"));
        return identity;
    }
}

/// <summary>Creates or updates the console's tables before the app serves.</summary>
public sealed class OperatorDatabaseMigrator(IDbContextFactory<OperatorDbContext> factory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Nodes starting together take turns (see MigrationLock).
        await MigrationLock.RunAsync(db, () => db.Database.MigrateAsync(cancellationToken), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Writes the append-only audit log: who (the signed-in operator), when (the app clock), what, before → after.</summary>
public sealed class OperatorAudit(IDbContextFactory<OperatorDbContext> factory, IHttpContextAccessor http, TimeProvider clock)
{
    public async Task RecordAsync(string action, string? before, string? after, CancellationToken cancellationToken, string? actor = null)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.AuditLog.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor ?? http.HttpContext?.User.Identity?.Name ?? "unknown",
            Action = action,
            Before = before,
            After = after,
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
