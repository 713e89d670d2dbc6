using System.Text;
using System.Text.RegularExpressions;

namespace CheapTokens.Tests.Support;

/// <summary>
/// Cuts MudBlazor's stylesheet (627 KB) down to what the store can use: rules for component families the store
/// never renders, and the breakpoint variants of utility classes (<c>.pa-md-4</c>), are dropped; everything else
/// is kept as written. It is a drop list, not a keep list, so a family nobody thought of stays styled.
/// </summary>
public static partial class StylesheetTrimmer
{
    /// <summary>
    /// MudBlazor component families (<c>mud-{family}-...</c>) the store does not use. StoreStylesheetFamiliesTests fails
    /// when a page renders a class of one of them.
    /// </summary>
    public static readonly IReadOnlyList<string> DroppedFamilies =
    [
        "timeline", "drawer", "picker", "fab", "slider", "progress", "chip", "avatar", "navmenu", "nav", "stepper",
        "treeview", "data-grid", "toggle", "switch", "select", "autocomplete", "carousel", "rating",
        "color-picker", "file-upload", "badge", "breadcrumbs", "expand-panel", "pagination", "scroll-to-top",
        "skeleton", "swipe", "image", "highlighter", "chart", "charts", "list", "menu", "drop-zone", "grid", "card",
        "message-box", "splitter", "time-picker", "date-picker", "range", "chat", "hidden", "virtualize",
    ];

    public static string Trim(string css)
    {
        var output = new StringBuilder(css.Length / 2);
        // The licence header comes first and stays, whatever happens to the rule it precedes.
        var start = css.TrimStart('\uFEFF');
        if (start.StartsWith("/*", StringComparison.Ordinal) && start.IndexOf("*/", StringComparison.Ordinal) is var end and > 0)
        {
            output.Append(start[..(end + 2)]).Append('\n');
            start = start[(end + 2)..];
        }
        TrimInto(start, output);
        return output.ToString();
    }

    /// <summary>Every <c>mud-</c> class a selector of <paramref name="css"/> names: what the stylesheet styles.</summary>
    public static IReadOnlySet<string> StyledMudClasses(string css) =>
        SelectorMudClass().Matches(css).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static void TrimInto(string css, StringBuilder output)
    {
        foreach (var (prelude, body) in Blocks(css))
        {
            if (prelude.StartsWith("@media", StringComparison.Ordinal) || prelude.StartsWith("@supports", StringComparison.Ordinal))
            {
                var inner = new StringBuilder();
                TrimInto(body, inner);
                if (inner.Length > 0) output.Append(prelude).Append('{').Append(inner).Append('}');
            }
            else if (prelude.StartsWith('@'))
            {
                output.Append(prelude).Append('{').Append(body).Append('}');
            }
            else
            {
                var kept = SplitSelectors(prelude).Where(selector => !ClassName().Matches(selector).Any(m => IsDroppedClass(m.Groups[1].Value))).ToList();
                if (kept.Count > 0) output.Append(string.Join(',', kept)).Append('{').Append(body).Append('}');
            }
        }
    }

    private static bool IsDroppedClass(string name)
    {
        if (name.StartsWith("mud-", StringComparison.Ordinal))
        {
            var rest = name[4..];
            return DroppedFamilies.Any(f => rest == f || rest.StartsWith(f + "-", StringComparison.Ordinal));
        }
        return Breakpoint().IsMatch("-" + name + "-");
    }

    private static IEnumerable<(string Prelude, string Body)> Blocks(string css)
    {
        var i = 0;
        while (i < css.Length)
        {
            var open = css.IndexOf('{', i);
            if (open < 0) yield break;
            var depth = 1;
            var k = open + 1;
            while (depth > 0)
            {
                if (css[k] == '{') depth++;
                else if (css[k] == '}') depth--;
                k++;
            }
            yield return (css[i..open].Trim(), css[(open + 1)..(k - 1)]);
            i = k;
        }
    }

    private static List<string> SplitSelectors(string prelude)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < prelude.Length; i++)
        {
            var c = prelude[i];
            if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add(prelude[start..i].Trim());
                start = i + 1;
            }
        }
        parts.Add(prelude[start..].Trim());
        return parts;
    }

    [GeneratedRegex(@"\.(-?[_a-zA-Z][-_a-zA-Z0-9]*)")]
    private static partial Regex ClassName();

    [GeneratedRegex(@"\.(mud-[a-z0-9-]+)")]
    private static partial Regex SelectorMudClass();

    [GeneratedRegex(@"-(xs|sm|md|lg|xl|xxl)-")]
    private static partial Regex Breakpoint();
}
