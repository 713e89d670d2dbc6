using Bunit;
using CheapTokens.Blazor.Components.Checkout;

namespace CheapTokens.Tests.Components;

public class AmountFieldTests : ComponentTestContext
{
    private IRenderedComponent<AmountField> RenderField(string? text, string? error = null, bool disabled = false, Action<string>? typed = null) =>
        Render<AmountField>(ps => ps
            .Add(p => p.Label, "Credits")
            .Add(p => p.Text, text)
            .Add(p => p.TextChanged, (string t) => typed?.Invoke(t))
            .Add(p => p.Error, error)
            .Add(p => p.Disabled, disabled)
            .AddUnmatched("data-testid", "amount"));

    [Fact]
    public void TypingHandsOverTheWholeTextAsTyped()
    {
        var seen = new List<string>();
        var cut = RenderField("10", typed: seen.Add);

        cut.Find("[data-testid=amount]").Input("1,500");

        Assert.Equal(["1,500"], seen);
    }

    [Fact]
    public void TheLabelNamesTheFieldAndRisesOverAValue()
    {
        var cut = RenderField("10");
        var input = cut.Find("[data-testid=amount]");
        Assert.Equal("Credits", cut.Find($"label[for='{input.Id}']").TextContent);
        Assert.Equal("10", input.GetAttribute("value"));
        Assert.Contains("mud-shrink", input.ParentElement!.ClassName);

        // Empty, the label sits in the field as its placeholder (MudBlazor's CSS still raises it on focus).
        Assert.DoesNotContain("mud-shrink", RenderField("").Find("[data-testid=amount]").ParentElement!.ClassName);
    }

    [Fact]
    public void AnErrorShowsUnderTheFieldAndIsTiedToIt()
    {
        var cut = RenderField("0", error: "Enter at least 1 credit.");
        var input = cut.Find("[data-testid=amount]");

        Assert.Equal("true", input.GetAttribute("aria-invalid"));
        var message = cut.Find($"#{input.GetAttribute("aria-describedby")}");
        Assert.Equal("Enter at least 1 credit.", message.TextContent);
        Assert.Contains("mud-input-error", message.ClassName);

        var fine = RenderField("5").Find("[data-testid=amount]");
        Assert.Equal("false", fine.GetAttribute("aria-invalid"));
        Assert.Null(fine.GetAttribute("aria-describedby"));
        Assert.Empty(RenderField("5").FindAll(".mud-input-helper-text"));
    }

    [Fact]
    public void ADisabledFieldTakesNoInput()
    {
        var input = RenderField("7", disabled: true).Find("[data-testid=amount]");
        Assert.True(input.HasAttribute("disabled"));
        Assert.Contains("mud-disabled", input.ParentElement!.ClassName);
    }

    [Fact]
    public void HelperTextSaysWhatTheShortLabelLeavesOutUntilAnErrorTakesItsPlace()
    {
        var cut = Render<AmountField>(ps => ps
            .Add(p => p.Label, "Credits")
            .Add(p => p.HelperText, "1 credit = 1 diem, valid until 00:00 UTC")
            .Add(p => p.Text, "5")
            .Add(p => p.TextChanged, (string _) => { })
            .AddUnmatched("data-testid", "amount"));
        var input = cut.Find("[data-testid=amount]");

        var help = cut.Find($"#{input.GetAttribute("aria-describedby")}");
        Assert.Equal("1 credit = 1 diem, valid until 00:00 UTC", help.TextContent);
        Assert.DoesNotContain("mud-input-error", help.ClassName);

        cut.Render(ps => ps.Add(p => p.Error, "Enter at least 1 credit."));

        Assert.Equal("Enter at least 1 credit.", cut.Find($"#{cut.Find("[data-testid=amount]").GetAttribute("aria-describedby")}").TextContent);
        Assert.Single(cut.FindAll(".mud-input-helper-text"));
        Assert.DoesNotContain("1 credit = 1 diem", cut.Markup);
    }
}
