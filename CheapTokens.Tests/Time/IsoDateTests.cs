using System.Globalization;
using CheapTokens.Core.Time;

namespace CheapTokens.Tests.Time;

public class IsoDateTests
{
    [Fact]
    public void WritesTheGregorianIsoDateWhateverTheServersCulture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            // Thai culture counts years in the Buddhist era (2569 for 2026).
            CultureInfo.CurrentCulture = new CultureInfo("th-TH");
            Assert.Equal("2026-01-05", IsoDate.Format(new DateOnly(2026, 1, 5)));
            Assert.True(IsoDate.TryParse("2026-01-05", out var date));
            Assert.Equal(new DateOnly(2026, 1, 5), date);
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData("2026-1-5")]
    [InlineData("05/01/2026")]
    [InlineData("2026-01-05T00:00")]
    [InlineData(" 2026-01-05")]
    [InlineData("2026-02-30")]
    [InlineData("")]
    [InlineData(null)]
    public void ReadsOnlyAnExactIsoDate(string? text) => Assert.False(IsoDate.TryParse(text, out _));
}
