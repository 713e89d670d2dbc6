using CheapTokens.Core.Passes;

namespace CheapTokens.Tests.Passes;

public class PassOptionsTests
{
    [Fact]
    public void DefaultsAreValid()
    {
        var options = new PassOptions();

        Assert.Empty(options.Validate());
        Assert.Equal((100, 30, 25m), (options.MaxDiemPerDay, options.HorizonDays, options.AdvanceDiscountPercent));
    }

    [Fact]
    public void EachBadValueIsReportedNamingItsKey()
    {
        var errors = new PassOptions { MaxDiemPerDay = 0, HorizonDays = 0, AdvanceDiscountPercent = 100 }.Validate();

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Passes:MaxDiemPerDay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Passes:HorizonDays", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Passes:AdvanceDiscountPercent", StringComparison.Ordinal));
    }
}
