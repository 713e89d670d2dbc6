// The Stripe stand-in's in-page element: a small script with stripe.js's call shape, for the app's own Stripe
// stand-in (/stripe-sim). It takes Stripe's test cards only (4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is
// declined, 4000 0000 0000 9995 has insufficient funds) and confirms through the stand-in's confirm endpoint. Like
// Stripe's form it formats the card as typed (number in groups, expiry MM / YY) and checks it before sending.
//
//   const stripe = Stripe(publishableKey);                       // options: { apiBase: "/stripe-sim" }
//   const elements = stripe.elements({ clientSecret });
//   elements.create("payment").mount("#payment-element");
//   const { paymentIntent, error } = await stripe.confirmPayment({ elements, redirect: "if_required" });
(() => {
  if (window.Stripe) return; // real stripe.js is loaded: leave it alone

  const scriptOrigin = document.currentScript ? new URL(document.currentScript.src, location.href).origin : location.origin;
  let nextId = 0;

  // Two columns that may shrink below an input's default width (min-width: 0), so the form fits a 320 px phone;
  // expiry and CVC stack only where even half of the form is too narrow for them.
  const styles = `
.ctsim-frame { container-type: inline-size; min-width: 0; }
.ctsim-payment { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; min-width: 0; font-family: var(--mud-typography-default-family, system-ui, sans-serif); }
.ctsim-field { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.ctsim-field--wide { grid-column: 1 / -1; }
.ctsim-field label { font-size: .875rem; color: var(--mud-palette-text-secondary, #555); overflow-wrap: anywhere; }
.ctsim-field input { box-sizing: border-box; width: 100%; min-width: 0; font: inherit; font-size: 1rem; font-variant-numeric: tabular-nums; padding: 10px 12px; border-radius: var(--mud-default-borderradius, 4px);
  border: 1px solid var(--mud-palette-lines-inputs, #bdbdbd); background: var(--mud-palette-surface, #fff); color: var(--mud-palette-text-primary, #222); }
.ctsim-field input:focus { outline: 2px solid var(--mud-palette-primary, #594ae2); outline-offset: 0; border-color: transparent; }
.ctsim-field input[aria-invalid="true"] { border-color: var(--mud-palette-error, #d32f2f); }
.ctsim-error { min-height: 1.25em; font-size: .8rem; color: var(--mud-palette-error, #d32f2f); overflow-wrap: anywhere; }
.ctsim-note { grid-column: 1 / -1; margin: 0; font-size: .8rem; color: var(--mud-palette-text-secondary, #555); overflow-wrap: anywhere; }
@container (max-width: 200px) { .ctsim-payment { grid-template-columns: minmax(0, 1fr); } }`;

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
    return value.replace(/\D/g, "");
  }

  // How Stripe's form groups a card number as it is typed: American Express 4-6-5, 14-digit Diners Club 4-6-4,
  // UnionPay up to 19 digits, the rest in fours up to 16. The CVC is 4 digits on American Express, else 3.
  function brandOf(number) {
    if (/^3[47]/.test(number)) return { groups: [4, 6, 5], cvc: 4 };
    if (/^36/.test(number)) return { groups: [4, 6, 4], cvc: 3 };
    if (/^62/.test(number)) return { groups: [4, 4, 4, 4, 3], cvc: 3 };
    return { groups: [4, 4, 4, 4], cvc: 3 };
  }

  function formatNumber(number) {
    const parts = [];
    let at = 0;
    for (const size of brandOf(number).groups) {
      if (at >= number.length) break;
      parts.push(number.slice(at, at + size));
      at += size;
    }
    return parts.join(" ");
  }

  // MM / YY: a first digit that cannot start a month (2-9, or 1 followed by 3-9) gets its leading 0, the slash comes as
  // soon as the month is complete (not while deleting, or it could never be deleted), and a pasted 4-digit year keeps
  // its last two digits.
  function formatExpiry(typed, deleting) {
    let value = typed;
    if (value.length === 6 && value.slice(2, 4) === "20") value = value.slice(0, 2) + value.slice(4);
    if (/^([2-9]|1[3-9])/.test(value)) value = "0" + value;
    value = value.slice(0, 4);
    if (value.length < 2) return value;
    if (value.length === 2) return deleting ? value : value + " / ";
    return value.slice(0, 2) + " / " + value.slice(2);
  }

  // Rewrites the field as typed, pasted or autofilled: digits only, in the field's format, with the caret after the same
  // digits as before. Backspace over a separator deletes the digit before it, as in Stripe's form.
  function formatAsTyped(input, format, event) {
    const raw = input.value;
    const caret = input.selectionStart === null ? raw.length : input.selectionStart;
    let typed = digits(raw);
    let digitsBeforeCaret = digits(raw.slice(0, caret)).length;
    const inputType = (event && event.inputType) || "";
    if (inputType === "deleteContentBackward" && typed === input.dataset.digits && digitsBeforeCaret > 0) {
      typed = typed.slice(0, digitsBeforeCaret - 1) + typed.slice(digitsBeforeCaret);
      digitsBeforeCaret -= 1;
    }
    const atEnd = caret >= raw.length;
    const formatted = format(typed, inputType.startsWith("delete"));
    input.value = formatted;
    input.dataset.digits = digits(formatted);
    if (document.activeElement !== input) return;
    let position = formatted.length;
    if (!atEnd) {
      position = 0;
      for (let seen = 0; position < formatted.length && seen < digitsBeforeCaret; position++) {
        if (/\d/.test(formatted[position])) seen++;
      }
    }
    input.setSelectionRange(position, position);
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
      const number = field(id + "-number", "Card number", { inputmode: "numeric", autocomplete: "cc-number", placeholder: "1234 1234 1234 1234", "data-testid": "card-number" }, true);
      const expiry = field(id + "-expiry", "Expiry (MM / YY)", { inputmode: "numeric", autocomplete: "cc-exp", placeholder: "MM / YY", "data-testid": "card-expiry" });
      const cvc = field(id + "-cvc", "CVC", { inputmode: "numeric", autocomplete: "cc-csc", placeholder: "123", "data-testid": "card-cvc" });
      const cvcLength = () => brandOf(digits(number.input.value)).cvc;
      const formats = [
        [number, (typed) => formatNumber(typed.slice(0, brandOf(typed).groups.reduce((a, b) => a + b, 0)))],
        [expiry, formatExpiry],
        [cvc, (typed) => typed.slice(0, cvcLength())],
      ];
      for (const [f, format] of formats) {
        f.input.addEventListener("input", (event) => {
          formatAsTyped(f.input, format, event);
          // A field being corrected no longer shows what was wrong with it.
          f.error.textContent = "";
          f.input.removeAttribute("aria-invalid");
        });
      }
      // An American Express number allows a 4-digit CVC; another brand cuts it back to 3.
      number.input.addEventListener("input", () => { if (cvc.input.value.length > cvcLength()) cvc.input.value = cvc.input.value.slice(0, cvcLength()); });
      const note = document.createElement("p");
      note.className = "ctsim-note";
      note.textContent = "Test mode: use 4242 4242 4242 4242 with any future date and any CVC.";
      const form = document.createElement("div");
      form.className = "ctsim-payment";
      form.setAttribute("role", "group");
      form.setAttribute("aria-label", "Card details");
      form.append(number.wrapper, expiry.wrapper, cvc.wrapper, note);
      const frame = document.createElement("div");
      frame.className = "ctsim-frame";
      frame.append(form);
      container.replaceChildren(frame);
      this.fields = { number, expiry, cvc, frame };
      this.elements._element = this;
      return this;
    }

    unmount() {
      if (this.fields) this.fields.frame.remove();
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
      // A decline is the page's to say, under the form, as with Stripe's own element: the fields show only their own checks.
      return { error: (json && json.error) || { type: "api_error", message: `The payment service answered ${response.status}; try again.` } };
    }
  }

  window.Stripe = (publishableKey, options) => new StandInStripe(publishableKey, options);
})();
