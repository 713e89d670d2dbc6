using CheapTokens.Core.Orders;
using Microsoft.AspNetCore.DataProtection;

namespace CheapTokens.Blazor.Security;

/// <summary>Buyers' API keys encrypted with ASP.NET Core Data Protection (key ring under the data folder).</summary>
public sealed class DataProtectionKeyVault(IDataProtectionProvider provider) : IKeyVault
{
    // Versioned purpose: a future change of scheme can read old rows with the old purpose.
    private readonly IDataProtector _protector = provider.CreateProtector("CheapTokens.OrderKeys.v1");

    public string Protect(string apiKey) => _protector.Protect(apiKey);

    public string Unprotect(string protectedApiKey) => _protector.Unprotect(protectedApiKey);
}
