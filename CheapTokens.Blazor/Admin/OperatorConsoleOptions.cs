namespace CheapTokens.Blazor.Admin;

/// <summary>The "OperatorConsole" configuration section.</summary>
public sealed class OperatorConsoleOptions
{
    public const string SectionName = "OperatorConsole";

    /// <summary>
    /// An order waiting this long for its key, a payment left unsettled this long, or a failed order not refunded
    /// after this long goes to the queue of orders that need a person.
    /// </summary>
    public int StuckAfterMinutes { get; set; } = 15;

    public TimeSpan StuckAfter => TimeSpan.FromMinutes(StuckAfterMinutes);

    /// <summary>Failed sign-ins (password, code or recovery code) one client address may make per window before it is refused.</summary>
    public int SignInFailuresPerAddress { get; set; } = 5;

    public int SignInAddressWindowMinutes { get; set; } = 15;

    /// <summary>
    /// Failed sign-ins that lock an account, from any addresses. Higher than the per-address limit, so one address
    /// alone cannot lock an operator out: it is stopped first.
    /// </summary>
    public int LockoutFailures { get; set; } = 20;

    public int LockoutMinutes { get; set; } = 15;

    /// <summary>How often an open console page and the sign-in cookie are checked against the account.</summary>
    public int RevalidationSeconds { get; set; } = 60;

    public TimeSpan SignInAddressWindow => TimeSpan.FromMinutes(SignInAddressWindowMinutes);

    public TimeSpan Lockout => TimeSpan.FromMinutes(LockoutMinutes);

    public TimeSpan Revalidation => TimeSpan.FromSeconds(RevalidationSeconds);

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (StuckAfterMinutes is < 1 or > 1440)
            errors.Add($"{SectionName}:{nameof(StuckAfterMinutes)} must be between 1 and 1440 (was {StuckAfterMinutes}).");
        if (SignInFailuresPerAddress is < 1 or > 1000)
            errors.Add($"{SectionName}:{nameof(SignInFailuresPerAddress)} must be between 1 and 1000 (was {SignInFailuresPerAddress}).");
        if (SignInAddressWindowMinutes is < 1 or > 1440)
            errors.Add($"{SectionName}:{nameof(SignInAddressWindowMinutes)} must be between 1 and 1440 (was {SignInAddressWindowMinutes}).");
        if (LockoutFailures is < 1 or > 1000)
            errors.Add($"{SectionName}:{nameof(LockoutFailures)} must be between 1 and 1000 (was {LockoutFailures}).");
        if (LockoutMinutes is < 1 or > 1440)
            errors.Add($"{SectionName}:{nameof(LockoutMinutes)} must be between 1 and 1440 (was {LockoutMinutes}).");
        if (RevalidationSeconds is < 5 or > 3600)
            errors.Add($"{SectionName}:{nameof(RevalidationSeconds)} must be between 5 and 3600 (was {RevalidationSeconds}).");
        return errors;
    }
}
