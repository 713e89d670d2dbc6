// JS side of StripePaymentElement.razor: loads stripe.js (or the stand-in's script), mounts the Payment Element and
// confirms it. The same calls work on both, so the component does not know which one it talks to.
const mounted = new WeakMap();
const loading = new Map();

function loadScript(url) {
  if (window.Stripe) return Promise.resolve();
  if (!loading.has(url)) {
    loading.set(url, new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => { loading.delete(url); reject(new Error("The payment form could not be loaded.")); };
      document.head.appendChild(script);
    }));
  }
  return loading.get(url);
}

export async function mount(container, scriptUrl, publishableKey, clientSecret, apiBase) {
  await loadScript(scriptUrl);
  const stripe = apiBase ? window.Stripe(publishableKey, { apiBase }) : window.Stripe(publishableKey);
  const elements = stripe.elements({ clientSecret });
  const element = elements.create("payment");
  element.mount(container);
  mounted.set(container, { stripe, elements, element });
}

export async function confirm(container) {
  const state = mounted.get(container);
  if (!state) return { succeeded: false, status: null, paymentIntentId: null, errorType: "invalid_request_error", errorCode: "not_mounted", declineCode: null, message: "The payment form is not ready yet." };
  const { paymentIntent, error } = await state.stripe.confirmPayment({ elements: state.elements, redirect: "if_required" });
  if (error) {
    return { succeeded: false, status: null, paymentIntentId: error.payment_intent ? error.payment_intent.id : null, errorType: error.type || null, errorCode: error.code || null, declineCode: error.decline_code || null, message: error.message || "The payment failed." };
  }
  return { succeeded: paymentIntent.status === "succeeded", status: paymentIntent.status, paymentIntentId: paymentIntent.id, errorType: null, errorCode: null, declineCode: null, message: null };
}

export function unmount(container) {
  const state = mounted.get(container);
  if (state) state.element.unmount();
  mounted.delete(container);
}
