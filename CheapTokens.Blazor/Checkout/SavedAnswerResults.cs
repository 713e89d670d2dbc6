using CheapTokens.Blazor.Orders;
using CheapTokens.Blazor.Payments;
using CheapTokens.Core.Orders;

namespace CheapTokens.Blazor.Checkout;

/// <summary>A saved answer (kept with the payment's idempotency record) as checkout's result, and back.</summary>
public static class SavedAnswerResults
{
    extension(SavedAnswer)
    {
        /// <summary>The answer to save for a refusal that placed no order; null for answers that are not saved.</summary>
        public static SavedAnswer? ForRefusal(PlaceOrderResult result) => result switch
        {
            PlaceOrderResult.SoldOut soldOut => new(SavedAnswer.SoldOutKind, StatusCodes.Status409Conflict, Remaining: soldOut.Remaining),
            PlaceOrderResult.DatesSoldOut soldOut => new(SavedAnswer.DatesSoldOutKind, StatusCodes.Status409Conflict, Dates: soldOut.Dates),
            PlaceOrderResult.QuoteExpired expired => new(SavedAnswer.QuoteExpiredKind, StatusCodes.Status410Gone, ExpiredAt: expired.ExpiredAt),
            PlaceOrderResult.QuoteUsed => new(SavedAnswer.QuoteUsedKind, StatusCodes.Status409Conflict),
            _ => null,
        };
    }

    extension(SavedAnswer answer)
    {
        /// <summary>The result this answer stands for; <paramref name="order"/> is the order it placed, if any.</summary>
        public PlaceOrderResult ToResult(Order? order, bool replayed)
        {
            OrderSummary Summary() => OrderSummary.Of(order ?? throw new InvalidOperationException("A saved order answer without its order.")) with
            {
                // The token comes from the saved answer: the orders table is not where a token is read back from.
                Token = answer.Token!,
                Status = Enum.Parse<OrderStatus>(answer.OrderStatus!),
            };

            return answer.Kind switch
            {
                SavedAnswer.PlacedKind => new PlaceOrderResult.Placed(Summary(), replayed) { ClientSecret = answer.ClientSecret },
                SavedAnswer.DeclinedKind => new PlaceOrderResult.PaymentDeclined(Summary(), answer.FailureCode!, answer.Message),
                SavedAnswer.SoldOutKind => new PlaceOrderResult.SoldOut(answer.Remaining ?? 0),
                SavedAnswer.DatesSoldOutKind => new PlaceOrderResult.DatesSoldOut(answer.Dates ?? []),
                SavedAnswer.QuoteExpiredKind => new PlaceOrderResult.QuoteExpired(answer.ExpiredAt ?? default),
                SavedAnswer.QuoteUsedKind => new PlaceOrderResult.QuoteUsed(),
                _ => throw new InvalidOperationException($"Unknown saved answer '{answer.Kind}'."),
            };
        }
    }
}
