// A page nobody looks at should cost the server nothing: once hidden for a while (a background tab, a phone gone
// to sleep) the circuit is paused, its state handed to the browser, and the server forgets it; shown again, it
// resumes and the page reads the current price at once. A page where someone is buying (a locked quote, a payment,
// a key on screen) marks itself data-keep-alive and is never paused.
(() => {
  const afterSeconds = Number(document.currentScript.dataset.afterSeconds || "0");
  if (!(afterSeconds > 0)) return;
  let timer = null;
  let paused = false;

  async function pauseIfIdle() {
    timer = null;
    // Blazor adds pauseCircuit once the page's circuit has started; pages without one have nothing to pause.
    if (!document.hidden || paused || !window.Blazor?.pauseCircuit || document.querySelector("[data-keep-alive='true']")) return;
    paused = await window.Blazor.pauseCircuit();
  }

  async function resume() {
    if (!paused) return;
    paused = false;
    await window.Blazor.resumeCircuit();
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      if (timer === null) timer = setTimeout(pauseIfIdle, afterSeconds * 1000);
    } else {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      resume();
    }
  });
})();
