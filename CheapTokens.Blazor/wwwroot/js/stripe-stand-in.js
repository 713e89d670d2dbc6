// The Stripe stand-in's in-page element: a small script with stripe.js's call shape, for the app's own Stripe
// stand-in (/stripe-sim). It takes Stripe's test cards only (4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
// declined, 4000 0000 0000 9995 has insufficient funds) and confirms through the stand-in's confirm endpoint.
//
//   const stripe = Stripe(publishableKey);                       // options: { apiBase: "/stripe-sim" }
//   const elements = stripe.elements({ clientSecret });
//   elements.create("payment").mount("#payment-element");
//   const { paymentIntent, error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
(() => {
  if (window.Stripe) return; // real stripe.js is loaded: leave it alone

  const scriptOrigin = document.currentScript ? new URL(document.currentScript.src, location.href).origin : location.origin;
  let nextId = 0;

  const styles = `
.ctsim-payment { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; font-family: var(--mud-typography-default-family, system-ui, sans-serif); }
.ctsim-field { display: flex; flex-direction: column; gap: 4px; }
.ctsim-field--wide { grid-column: 1 / -1; }
.ctsim-field label { font-size: .875rem; color: var(--mud-palette-text-secondary, #555); }
.ctsim-field input { font: inherit; font-size: 1rem; padding: 10px 12px; border-radius: var(--mud-default-borderradius, 4px);
  border: 1px solid var(--mud-palette-lines-inputs, #bdbdbd); background: var(--mud-palette-surface, #fff); color: var(--mud-palette-text-primary, #222); }
.ctsim-field input:focus { outline: 2px solid var(--mud-palette-primary, #594ae2); outline-offset: 0; border-color: transparent; }
.ctsim-field input[aria-invalid="true"] { border-color: var(--mud-palette-error, #d32f2f); }
.ctsim-error { min-height: 1.25em; font-size: .8rem; color: var(--mud-palette-error, #d32f2f); }
.ctsim-note { grid-column: 1 / -1; font-size: .8rem; color: var(--mud-palette-text-secondary, #555); }`;

  function addStyles() {
    if (document.getElementById("ctsim-payment-styles")) return;
    const style = document.createElement("style");
    style.id = "ctsim-payment-styles";
    style.textContent = styles;
    document.head.appendChild(style);
  }

  function field(id, label, attributes, wide) {
    const wrapper = document.createElement("div");
    wrapper.className = "ctsim-field" + (wide ? " ctsim-field--wide" : "");
    const labelElement = document.createElement("label");
    labelElement.htmlFor = id;
    labelElement.textContent = label;
    const input = document.createElement("input");
    input.id = id;
    Object.entries(attributes).forEach(([name, value]) => input.setAttribute(name, value));
    const error = document.createElement("div");
    error.id = id + "-error";
    error.className = "ctsim-error";
    error.setAttribute("role", "alert");
    input.setAttribute("aria-describedby", error.id);
    wrapper.append(labelElement, input, error);
    return { wrapper, input, error };
  }

  function digits(value) {
    return value.replace(/[\s-]/g, "");
  }

  function luhn(number) {
    let sum = 0;
    for (let i = 0; i < number.length; i++) {
      let digit = Number(number[number.length - 1 - i]);
      if (i % 2 === 1) { digit *= 2; if (digit > 9) digit -= 9; }
      sum += digit;
    }
    return sum % 10 === 0;
  }

  class PaymentElement {
    constructor(elements) {
      this.elements = elements;
      this.fields = null;
    }

    mount(target) {
      const container = typeof target === "string" ? document.querySelector(target) : target;
      if (!container) throw new Error("The payment element needs an element to mount in.");
      addStyles();
      const id = "ctsim-" + (++nextId);
      const number = field(id + "-number", "Card number", { inputmode: "numeric", autocomplete: "cc-number", placeholder: "1234 1234 1234 1234", maxlength: "23", "data-testid": "card-number" }, true);
      const expiry = field(id + "-expiry", "Expiry (MM / YY)", { inputmode: "numeric", autocomplete: "cc-exp", placeholder: "MM / YY", maxlength: "7", "data-testid": "card-expiry" });
      const cvc = field(id + "-cvc", "CVC", { inputmode: "numeric", autocomplete: "cc-csc", placeholder: "123", maxlength: "4", "data-testid": "card-cvc" });
      const note = document.createElement("p");
      note.className = "ctsim-note";
      note.textContent = "Test mode: use 4242 4242 4242 4242 with any future date and any CVC.";
      const form = document.createElement("div");
      form.className = "ctsim-payment";
      form.setAttribute("role", "group");
      form.setAttribute("aria-label", "Card details");
      form.append(number.wrapper, expiry.wrapper, cvc.wrapper, note);
      container.replaceChildren(form);
      this.fields = { number, expiry, cvc };
      this.elements._element = this;
      return this;
    }

    unmount() {
      if (this.fields) this.fields.number.wrapper.parentElement.remove();
      this.fields = null;
    }

    // Client-side checks, as stripe.js makes them before calling Stripe; returns a Stripe-shaped error or null.
    validate() {
      if (!this.fields) return { type: "validation_error", code: "incomplete", message: "The payment element is not mounted." };
      const { number, expiry, cvc } = this.fields;
      [number, expiry, cvc].forEach((f) => { f.error.textContent = ""; f.input.removeAttribute("aria-invalid"); });
      const fail = (f, code, message) => {
        f.error.textContent = message;
        f.input.setAttribute("aria-invalid", "true");
        return { type: "validation_error", code, message };
      };
      const card = digits(number.input.value);
      if (card.length === 0) return fail(number, "incomplete_number", "Your card number is incomplete.");
      if (!/^\d{12,19}$/.test(card) || !luhn(card)) return fail(number, "invalid_number", "Your card number is invalid.");
      const expiryMatch = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(expiry.input.value);
      if (!expiryMatch) return fail(expiry, "incomplete_expiry", "Your card's expiration date is incomplete.");
      const month = Number(expiryMatch[1]);
      if (month < 1 || month > 12) return fail(expiry, "invalid_expiry_month", "Your card's expiration month is invalid.");
      if (!/^\d{3,4}$/.test(cvc.input.value.trim())) return fail(cvc, "incomplete_cvc", "Your card's security code is incomplete.");
      return null;
    }

    formData() {
      const { number, expiry, cvc } = this.fields;
      const [, month, year] = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(expiry.input.value);
      return {
        "payment_method_data[type]": "card",
        "payment_method_data[card][number]": digits(number.input.value),
        "payment_method_data[card][exp_month]": month,
        "payment_method_data[card][exp_year]": year,
        "payment_method_data[card][cvc]": cvc.input.value.trim(),
      };
    }

    showError(error) {
      if (!this.fields || !error) return;
      const byParam = { number: this.fields.number, exp_month: this.fields.expiry, exp_year: this.fields.expiry, cvc: this.fields.cvc };
      const target = byParam[error.param] || this.fields.number;
      target.error.textContent = error.message;
      target.input.setAttribute("aria-invalid", "true");
    }
  }

  class Elements {
    constructor(stripe, options) {
      if (!options || typeof options.clientSecret !== "string") throw new Error("elements() needs { clientSecret }.");
      this.stripe = stripe;
      this.clientSecret = options.clientSecret;
      this._element = null;
    }

    create(type) {
      if (type !== "payment") throw new Error(`The stand-in only has the "payment" element (asked for "${type}").`);
      return new PaymentElement(this);
    }

    getElement(type) {
      return type === "payment" ? this._element : null;
    }
  }

  class StandInStripe {
    constructor(publishableKey, options) {
      if (typeof publishableKey !== "string" || !publishableKey.startsWith("pk_")) throw new Error("Stripe() needs a publishable key (pk_...).");
      this.publishableKey = publishableKey;
      this.apiBase = new URL((options && options.apiBase) || "/stripe-sim", scriptOrigin).href.replace(/\/$/, "");
    }

    elements(options) {
      return new Elements(this, options);
    }

    async confirmPayment({ elements, redirect } = {}) {
      if (!elements || !elements._element) return { error: { type: "validation_error", code: "incomplete", message: "Mount the payment element first." } };
      if (redirect !== "if_required") return { error: { type: "invalid_request_error", message: "The stand-in never redirects: pass redirect: \"if_required\"." } };
      const element = elements._element;
      const invalid = element.validate();
      if (invalid) return { error: invalid };

      const intentId = elements.clientSecret.split("_secret_")[0];
      const body = new URLSearchParams({ client_secret: elements.clientSecret, ...element.formData() });
      let response;
      try {
        response = await fetch(`${this.apiBase}/v1/payment_intents/${encodeURIComponent(intentId)}/confirm`, {
          method: "POST",
          headers: { Authorization: `Bearer ${this.publishableKey}`, "Content-Type": "application/x-www-form-urlencoded" },
          body,
        });
      } catch {
        return { error: { type: "api_connection_error", message: "Could not reach the payment service; check your connection and try again." } };
      }
      let json = null;
      try { json = await response.json(); } catch { /* an empty or broken answer is reported below */ }
      if (response.ok && json && json.object === "payment_intent") return { paymentIntent: json };
      const error = (json && json.error) || { type: "api_error", message: `The payment service answered ${response.status}; try again.` };
      element.showError(error);
      return { error };
    }
  }

  window.Stripe = (publishableKey, options) => new StandInStripe(publishableKey, options);
})();
