// The national dashboard. Kept in a file (no inline script) for the Content-Security-Policy.
(() => {
  // A fold with data-fragment fetches its content the first time it is opened (the heatmap).
  document.querySelectorAll("details[data-fragment]").forEach((fold) => {
    const load = async () => {
      if (!fold.open || fold.dataset.loaded) return;
      fold.dataset.loaded = "1";
      const target = fold.querySelector("[data-fragment-target]");
      try {
        const response = await fetch(fold.dataset.fragment, { credentials: "same-origin" });
        if (!response.ok) throw new Error(response.status);
        target.innerHTML = await response.text();
      } catch (error) {
        delete fold.dataset.loaded;
        target.querySelector("p")?.classList.add("text-danger");
      }
    };
    fold.addEventListener("toggle", load);
    load();
  });

  // Exports take seconds (the national PDF about ten): the link shows at once that the click
  // worked, and stays busy until the file has arrived.
  const status = document.querySelector("[data-export-status]");
  document.querySelectorAll("a[data-export]").forEach((link) => {
    link.addEventListener("click", async (event) => {
      event.preventDefault();
      if (link.getAttribute("aria-disabled") === "true") return;
      const label = link.innerHTML;
      const busy = link.closest("[data-busy-text]")?.dataset.busyText || "…";
      link.setAttribute("aria-disabled", "true");
      link.classList.add("disabled");
      link.innerHTML = `<span class="spinner-border spinner-border-sm me-1" aria-hidden="true"></span>${busy}`;
      if (status) status.textContent = busy;
      try {
        const response = await fetch(link.href, { credentials: "same-origin" });
        if (!response.ok) throw new Error(response.status);
        const blob = await response.blob();
        const name = /filename="?([^";]+)"?/.exec(response.headers.get("Content-Disposition") || "");
        const url = URL.createObjectURL(blob);
        const save = document.createElement("a");
        save.href = url;
        save.download = name ? name[1] : "";
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
        if (status) status.textContent = link.closest("[data-done-text]")?.dataset.doneText || "";
      } catch (error) {
        window.location.href = link.href; // let the browser try on its own and show its error
      } finally {
        link.innerHTML = label;
        link.classList.remove("disabled");
        link.removeAttribute("aria-disabled");
      }
    });
  });
})();
