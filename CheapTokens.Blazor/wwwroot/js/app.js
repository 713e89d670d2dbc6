// Small helpers the server calls through JS interop.
window.cheapTokens = {
  localTime: (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }),
  copyText: (text) => navigator.clipboard.writeText(text),
};

// Remembers an order token in a cookie so /orders can list this browser's orders (newest first, at most 50).
// The cookie's name comes from the server, which reads the cookie back.
window.cheapTokens.rememberOrder = (name, token) => {
  const current = (document.cookie.split("; ").find((c) => c.startsWith(name + "=")) || "").slice(name.length + 1);
  const tokens = [token, ...current.split(".").filter((t) => t && t !== token)].slice(0, 50);
  document.cookie = `${name}=${tokens.join(".")}; path=/; max-age=31536000; samesite=lax`;
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
