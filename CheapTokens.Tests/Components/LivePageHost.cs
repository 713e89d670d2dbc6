using CheapTokens.Core.Pricing;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace CheapTokens.Tests.Components;

/// <summary>
/// Stands in for a live page around a component under test: cascades the page's latest price snapshot the way
/// <c>Home</c> does, so a test "ticks" by rendering this host with a new <see cref="Snapshot"/>.
/// </summary>
public sealed class LivePageHost : ComponentBase
{
    [Parameter, EditorRequired] public PriceSnapshot Snapshot { get; set; } = default!;

    [Parameter, EditorRequired] public RenderFragment ChildContent { get; set; } = default!;

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenComponent<CascadingValue<PriceSnapshot>>(0);
        builder.AddComponentParameter(1, nameof(CascadingValue<PriceSnapshot>.Value), Snapshot);
        builder.AddComponentParameter(2, nameof(CascadingValue<PriceSnapshot>.ChildContent), ChildContent);
        builder.CloseComponent();
    }
}
