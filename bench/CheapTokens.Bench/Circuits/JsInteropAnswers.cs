using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;

namespace CheapTokens.Bench.Circuits;

/// <summary>
/// What a page of "/" whose scripts are loaded answers to the JS interop calls the server makes
/// (<c>JS.BeginInvokeJS</c>), as blazor.web.js's dispatcher would: a void call succeeds with no value, a call
/// that asks for a JS object reference gets a fresh <c>{"__jsObjectId": n}</c>, and a call that asks for a value
/// gets what the browser's function would return for a 1280×720 desktop page in UTC (Playwright's default
/// viewport, the one the pages scenario uses). A value call this table does not know is answered as a function
/// that returns nothing (<c>null</c>, which is what most of the page's functions return) and counted as
/// "null (not in the table)", so a run says which calls it answered by default. Every function the page calls
/// exists once its scripts are loaded, so nothing is answered with a failure; no call is left unanswered.
/// </summary>
public sealed class JsInteropAnswers
{
    /// <summary>The result types of Microsoft.JSInterop's JSCallResultType.</summary>
    private const int ResultDefault = 0, ResultObjectReference = 1, ResultVoid = 3;

    private const int ViewportWidth = 1280, ViewportHeight = 720;

    private int _nextObjectId;

    /// <summary>Every identifier called, with its count and how it was answered ("void", "object", "value", "null (not in the table)").</summary>
    public ConcurrentDictionary<string, long> Calls { get; } = new(StringComparer.Ordinal);

    /// <summary>The JSON array blazor.web.js sends back with EndInvokeJSFromDotNet, and whether the call succeeded.</summary>
    public (bool Succeeded, string ArgumentsJson) Answer(long asyncHandle, string identifier, string? argsJson, int resultType, long targetInstanceId)
    {
        // Calls on an object (a module from "import", a listener) are named by the member called on it.
        var key = targetInstanceId != 0 ? "(object)." + identifier : identifier;
        switch (resultType)
        {
            case ResultVoid:
                Count(key, "void");
                return (true, Json(asyncHandle, true, null));
            case ResultObjectReference:
                Count(key, "object");
                return (true, Json(asyncHandle, true, new Dictionary<string, int> { ["__jsObjectId"] = Interlocked.Increment(ref _nextObjectId) }));
        }
        if (resultType == ResultDefault && TryValue(identifier, argsJson, out var value))
        {
            Count(key, "value");
            return (true, Json(asyncHandle, true, value));
        }
        Count(key, "null (not in the table)");
        return (true, Json(asyncHandle, true, null));
    }

    private void Count(string identifier, string how) => Calls.AddOrUpdate($"{identifier} → {how}", 1, (_, n) => n + 1);

    private static string Json(long asyncHandle, bool succeeded, object? resultOrError) =>
        JsonSerializer.Serialize(new object?[] { asyncHandle, succeeded, resultOrError });

    /// <summary>Values the page's own functions return (wwwroot/js/app.js, blazor.web.js, MudBlazor.min.js).</summary>
    private static bool TryValue(string identifier, string? argsJson, out object? value)
    {
        value = null;
        switch (identifier)
        {
            // Functions that return nothing, asked for a value by the server.
            case "Blazor._internal.navigationManager.enableNavigationInterception":
            case "Blazor._internal.domWrapper.focusBySelector":
                return true;
            // MudBlazor asks whether its script objects exist (window.hasOwnProperty("mud...")): they do.
            case "window.hasOwnProperty":
                value = true;
                return true;
            case "cheapTokens.localTime":
                // new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) in en-US, UTC.
                value = FirstStringArgument(argsJson) is { } iso && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t.UtcDateTime.ToString("MMM d, yyyy, h:mm:ss tt", CultureInfo.InvariantCulture)
                    : "Invalid Date";
                return true;
            case "cheapTokens.rememberOrder":
                value = true;
                return true;
            case "Blazor._internal.PageTitle.getAndRemoveExistingTitle":
                // The page's <title> is already the one HeadOutlet rendered: Chromium answers null.
                return true;
            case "Blazor._internal.navigationManager.scrollToElement":
                value = false;
                return true;
            case "mudThemeProvider.isDarkMode":
            case "mudResizeListener.matchMedia":
                value = false;
                return true;
            case "mudpopoverHelper.countProviders":
                // What Chromium answers on "/" when the popover provider asks (before it registers itself).
                value = 0;
                return true;
            case "mudResizeListener.getBrowserWindowSize":
                value = new { height = ViewportHeight, width = ViewportWidth };
                return true;
            case "mudElementRef.getBoundingClientRect":
                value = new { top = 0, left = 0, width = 0, height = 0, x = 0, y = 0, bottom = 0, right = 0, scrollX = 0, scrollY = 0, windowWidth = ViewportWidth, windowHeight = ViewportHeight };
                return true;
            default:
                return false;
        }
    }

    private static string? FirstStringArgument(string? argsJson)
    {
        if (string.IsNullOrEmpty(argsJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(argsJson);
            return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0 && doc.RootElement[0].ValueKind == JsonValueKind.String
                ? doc.RootElement[0].GetString()
                : null;
        }
        catch (JsonException) { return null; }
    }
}
