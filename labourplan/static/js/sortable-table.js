// Sortable tables: each heading of a `table.lp-sortable` holds a button; pressing it sorts the rows by
// that column (again: the other way) and says so with aria-sort. Cells may carry data-sort-value.
(() => {
  const collator = new Intl.Collator("th", { numeric: true });
  const valueOf = (row, index) => {
    const cell = row.cells[index];
    return cell.dataset.sortValue !== undefined ? cell.dataset.sortValue : cell.textContent.trim();
  };
  document.querySelectorAll("table.lp-sortable").forEach((table) => {
    const headings = Array.from(table.tHead.rows[0].cells);
    headings.forEach((heading, index) => {
      const button = heading.querySelector("button.lp-sort");
      if (!button) return;
      button.addEventListener("click", () => {
        const ascending = heading.getAttribute("aria-sort") !== "ascending";
        const numeric = button.dataset.sort === "number";
        const body = table.tBodies[0];
        const rows = Array.from(body.rows).filter((row) => row.cells.length === headings.length);
        rows.sort((a, b) => {
          const x = valueOf(a, index), y = valueOf(b, index);
          const order = numeric ? parseFloat(x) - parseFloat(y) : collator.compare(x, y);
          return ascending ? order : -order;
        });
        rows.forEach((row) => body.appendChild(row));
        headings.forEach((h) => h.removeAttribute("aria-sort"));
        heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      });
    });
  });
})();
