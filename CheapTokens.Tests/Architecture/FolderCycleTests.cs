using CheapTokens.Blazor.Hosting;

namespace CheapTokens.Tests.Architecture;

/// <summary>
/// The app's top folders (<c>CheapTokens.Blazor.&lt;Folder&gt;</c>) form layers: a folder uses only folders below it, so
/// each can be read, and changed, knowing only what is under it. See docs/architecture.md, "Folder layers".
/// </summary>
public sealed class FolderCycleTests
{
    private const string RootNamespace = "CheapTokens.Blazor";

    private static readonly Lazy<FolderGraph> App = new(() => FolderGraph.Read(typeof(StoreApp).Assembly.Location, RootNamespace));

    [Fact]
    public void TheAppIsReadFolderByFolderFromItsCompiledTypes()
    {
        // Guards the two tests below against passing on an empty reading.
        Assert.Superset(new HashSet<string> { "Checkout", "Components", "Data", "Hosting", "Payments", "Program" }, App.Value.Folders.ToHashSet());
        Assert.Contains(App.Value.Edges, edge => edge is { FromFolder: "Components", ToFolder: "Checkout" });
    }

    [Fact]
    public void NoFolderReachesItselfThroughOtherFolders()
    {
        var cycle = App.Value.FindCycle();

        Assert.True(cycle is null, cycle is null ? "" : Describe(cycle));
    }

    [Fact]
    public void OnlyProgramUsesTheCompositionRoot()
    {
        var intoHosting = App.Value.EdgesInto("Hosting").Where(edge => edge.FromFolder != "Program").ToList();

        Assert.True(intoHosting.Count == 0,
            "Hosting composes the features and nothing but Program may use it; give what these need a home in a lower folder:\n  "
            + string.Join("\n  ", intoHosting));
    }

    [Fact]
    public void ACycleIsNamedWithATypeReferenceOnEachStep()
    {
        var graph = new FolderGraph();
        graph.Add(new TypeReferenceEdge("Orders", "Orders.OrderFulfillment", "Payments", "Payments.PaymentSettlement"));
        graph.Add(new TypeReferenceEdge("Payments", "Payments.PaymentSettlement", "Supply", "Supply.SupplyLedger"));
        graph.Add(new TypeReferenceEdge("Payments", "Payments.PaymentReconciliation", "Orders", "Orders.RefundOutcome"));
        graph.Add(new TypeReferenceEdge("Supply", "Supply.SupplyLedger", "Data", "Data.StoreDbContext"));

        var cycle = graph.FindCycle();

        Assert.NotNull(cycle);
        Assert.Null(new FolderGraph().FindCycle());
        Assert.Equal(
            """
            The folders form a cycle; break one step (move the type to the folder that owns it, or invert through an interface the lower folder owns):
              Orders -> Payments (Orders.OrderFulfillment uses Payments.PaymentSettlement)
              Payments -> Orders (Payments.PaymentReconciliation uses Orders.RefundOutcome)
            """.ReplaceLineEndings("\n"),
            Describe(cycle));
    }

    private static string Describe(IReadOnlyList<TypeReferenceEdge> cycle) =>
        "The folders form a cycle; break one step (move the type to the folder that owns it, or invert through an interface the lower folder owns):\n  "
        + string.Join("\n  ", cycle);
}
