// Small helpers the server calls through JS interop.
window.cheapTokens = {
  localTime: (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }),
  copyText: (text) => navigator.clipboard.writeText(text),
};
