namespace CheapTokens.Blazor.Components.Live;

/// <summary>How the price moved since the previous tick.</summary>
public enum PriceMove { Flat, Down, Up }
