namespace CheapTokens.Core.Orders;

/// <summary>An email address as logs and shared screens may show it: the first character and the domain.</summary>
public static class MaskedEmail
{
    public static string Of(string email)
    {
        var at = email.LastIndexOf('@');
        if (at <= 0) return "***";
        return email[0] + "***" + email[at..];
    }
}
