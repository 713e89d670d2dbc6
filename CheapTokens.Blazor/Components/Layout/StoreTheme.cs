using MudBlazor;

namespace CheapTokens.Blazor.Components.Layout;

/// <summary>
/// The store's one theme. Colours are picked for at least 4.5:1 contrast with their text (WCAG AA);
/// type uses the system font stack, so first paint never waits for a font and nothing loads from another host.
/// </summary>
public static class StoreTheme
{
    public static readonly string[] FontStack = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"];

    public static readonly MudTheme Theme = Create();

    private static MudTheme Create()
    {
        var typography = new Typography();
        BaseTypography[] all =
        [
            typography.Default, typography.H1, typography.H2, typography.H3, typography.H4, typography.H5, typography.H6,
            typography.Subtitle1, typography.Subtitle2, typography.Body1, typography.Body2, typography.Button,
            typography.Caption, typography.Overline,
        ];
        foreach (var style in all) style.FontFamily = FontStack;
        typography.H1.FontSize = "2rem";
        typography.H1.FontWeight = "700";
        typography.H2.FontSize = "1.4rem";
        typography.H2.FontWeight = "600";
        typography.H3.FontSize = "1.15rem";
        typography.H3.FontWeight = "600";
        typography.Button.TextTransform = "none";

        return new MudTheme
        {
            Typography = typography,
            PaletteLight = new PaletteLight
            {
                Primary = "#0f766e",          // teal 700: 5.5:1 on white
                Secondary = "#334155",        // slate 700
                Tertiary = "#5b21b6",
                Success = "#15803d",          // green 700: 5.0:1 on white (the old badge was 2.8:1)
                Error = "#b91c1c",
                Warning = "#a16207",
                Info = "#1d4ed8",
                AppbarBackground = "#0f172a",
                AppbarText = "#f8fafc",
                Background = "#f8fafc",
                Surface = "#ffffff",
                TextPrimary = "#0f172a",
                TextSecondary = "#475569",    // slate 600: 7.6:1 on white
                ActionDefault = "#334155",
                LinesDefault = "#cbd5e1",
            },
            LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
        };
    }
}
