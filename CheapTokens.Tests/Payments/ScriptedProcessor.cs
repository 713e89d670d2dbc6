using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace CheapTokens.Tests.Payments;

/// <summary>
/// The sandbox processor with faults a test switches on: a charge whose answer is lost after the processor made it,
/// a charge held mid-call until the test lets it go, refunds that get no answer or are refused.
/// </summary>
public sealed class ScriptedProcessor(SandboxPaymentProcessor sandbox) : IPaymentProcessor
{
    /// <summary>The charge is made, then the answer is lost on the way back.</summary>
    public bool LoseChargeAnswers { get; set; }

    /// <summary>While set, a charge waits here before it reaches the processor.</summary>
    public TaskCompletionSource? HoldCharges { get; set; }

    public TaskCompletionSource ChargeArrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RefundState? RefundAnswer { get; set; }

    public int RefundCalls { get; private set; }

    /// <summary>Puts this processor in place of the configured one.</summary>
    public static void Install(IServiceCollection services)
    {
        services.AddSingleton<ScriptedProcessor>();
        services.AddSingleton<IPaymentProcessor>(sp => sp.GetRequiredService<ScriptedProcessor>());
    }

    public bool AcceptsMethod(string paymentMethod) => sandbox.AcceptsMethod(paymentMethod);

    public bool TakesPaymentInPage => sandbox.TakesPaymentInPage;

    public decimal MinimumCharge => sandbox.MinimumCharge;

    public Task<ProcessorCharge> CancelChargeAsync(string chargeId, CancellationToken cancellationToken) => sandbox.CancelChargeAsync(chargeId, cancellationToken);

    public async Task<ProcessorCharge> CreateChargeAsync(ChargeRequest request, CancellationToken cancellationToken)
    {
        if (HoldCharges is { } hold)
        {
            ChargeArrived.TrySetResult();
            await hold.Task;
        }
        var charge = await sandbox.CreateChargeAsync(request, cancellationToken);
        if (LoseChargeAnswers) throw new HttpRequestException("The connection was reset.");
        return charge;
    }

    public Task<ProcessorCharge> GetChargeAsync(string chargeId, CancellationToken cancellationToken) => sandbox.GetChargeAsync(chargeId, cancellationToken);

    public Task<ProcessorCharge?> FindChargeForOrderAsync(Guid orderId, CancellationToken cancellationToken) =>
        sandbox.FindChargeForOrderAsync(orderId, cancellationToken);

    public async Task<ProcessorRefund> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        RefundCalls++;
        return RefundAnswer switch
        {
            RefundState.Unreachable => new ProcessorRefund(RefundState.Unreachable, null, "No answer."),
            RefundState.Failed => new ProcessorRefund(RefundState.Failed, null, "The charge cannot be refunded."),
            _ => await sandbox.RefundAsync(request, cancellationToken),
        };
    }
}
