// Starts the interactive part of the page only after the server-rendered page has been painted: the browser
// shows prices first and compiles MudBlazor's and Blazor's scripts (about 270 KB) afterwards, instead of
// holding the first paint until they are fetched and run. The script URLs come from the server
// (fingerprinted), on this script's own element.
(() => {
  const boot = document.currentScript;
  let started = false;

  function loadScripts() {
    if (started) return;
    started = true;
    for (const src of [boot.dataset.mudblazor, boot.dataset.appJs, boot.dataset.blazor, boot.dataset.pauseHidden]) {
      const script = document.createElement("script");
      script.src = src;
      if (src === boot.dataset.pauseHidden) script.dataset.afterSeconds = boot.dataset.pauseAfterSeconds;
      script.async = false; // run in this order: MudBlazor's interop and ours exist before Blazor starts
      if (src === boot.dataset.blazor) script.onload = () => document.dispatchEvent(new Event("cheaptokens:blazor-loaded"));
      document.body.appendChild(script);
    }
  }

  // requestAnimationFrame runs just before the first frame is painted; the timeout inside it runs after.
  // A page opened in a background tab gets no frames, so a plain timeout starts it too.
  requestAnimationFrame(() => setTimeout(loadScripts, 0));
  setTimeout(loadScripts, 250);
})();
