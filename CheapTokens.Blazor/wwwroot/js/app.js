// Small helpers the server calls through JS interop.
window.cheapTokens = {
  localTime: (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }),
  localHours: (isos) => isos.map((iso) => new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })),
  copyText: (text) => navigator.clipboard.writeText(text),
};

// Adds an order to this browser's list for /orders. The list is an HttpOnly cookie: the store sets it in its answer,
// and no script (this one included) can read it.
window.cheapTokens.rememberOrder = async (token) => {
  const response = await fetch("/api/remembered-orders", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token }),
    credentials: "same-origin",
  });
  return response.ok;
};

// Copies what a code block shows, as the reader sees it.
window.cheapTokens.copyElementText = (element) => navigator.clipboard.writeText(element.innerText);

// Pages rendered without a circuit (such as /orders) mark UTC instants as <time datetime=... data-local>; the
// browser adds the viewer's local time beside each, on the first load and after each enhanced navigation.
function showLocalTimes() {
  document.querySelectorAll("time[data-local]:not([data-local-shown])").forEach((element) => {
    element.setAttribute("data-local-shown", "");
    const local = document.createElement("span");
    local.className = "local-time";
    local.setAttribute("data-testid", "local-time");
    local.textContent = ` (${window.cheapTokens.localTime(element.getAttribute("datetime"))} your time)`;
    element.after(local);
  });
}
// Loaded after the first paint (see boot.js), so the document is already parsed; Blazor comes right after.
showLocalTimes();
document.addEventListener("cheaptokens:blazor-loaded", () => window.Blazor.addEventListener("enhancedload", showLocalTimes));
