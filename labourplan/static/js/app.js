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
