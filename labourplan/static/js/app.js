// Application script. Kept in a file (no inline script) so a strict Content-Security-Policy can apply.

// A form with data-confirm asks before it sends what cannot be undone (freezing a round, …).
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) event.preventDefault();
});

// A bar whose length is data (data-width, in percent): set through the CSSOM, which the
// Content-Security-Policy allows, where a style attribute would be refused.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-width]").forEach((bar) => {
    bar.style.width = `${Number(bar.dataset.width) || 0}%`;
  });
});

// A table box that scrolls sideways takes the keyboard focus when nothing inside it can, so that
// it can be scrolled with the arrow keys (a read-only grid on a phone).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".table-responsive").forEach((box) => {
    const focusable = box.querySelector("a[href], button, input, select, textarea, [tabindex]");
    if (!focusable && !box.hasAttribute("tabindex")) {
      box.tabIndex = 0;
      if (!box.hasAttribute("aria-label")) {
        const caption = box.querySelector("caption");
        if (caption) box.setAttribute("aria-label", caption.textContent.trim());
      }
    }
  });
});
