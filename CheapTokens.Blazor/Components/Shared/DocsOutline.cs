namespace CheapTokens.Blazor.Components.Shared;

/// <summary>
/// The sections of a documentation page in the order they render, so its contents are made from the sections
/// themselves: a section added to the page is listed (and numbered) without a second list to keep in step.
/// </summary>
public sealed class DocsOutline
{
    private readonly List<DocsOutlineEntry> _sections = [];

    public IReadOnlyList<DocsOutlineEntry> Sections => _sections;

    /// <summary>Raised when a section joins after the contents were drawn.</summary>
    public event Action? Changed;

    /// <summary>Adds a section (once per id) and returns its number, from 1.</summary>
    public int Add(string id, string title)
    {
        var index = _sections.FindIndex(s => s.Id == id);
        if (index >= 0) return index + 1;
        _sections.Add(new DocsOutlineEntry(id, title));
        Changed?.Invoke();
        return _sections.Count;
    }
}

public sealed record DocsOutlineEntry(string Id, string Title);
