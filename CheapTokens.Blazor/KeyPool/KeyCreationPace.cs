namespace CheapTokens.Blazor.KeyPool;

/// <summary>How many keys one Venice account may create per minute; Provisioning fills it from Provisioning:KeyCreationsPerMinute.</summary>
public sealed class KeyCreationPace
{
    public int PerMinute { get; set; } = 20;
}
