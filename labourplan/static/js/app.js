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

// The browser's own validation bubbles speak the browser's language ("Please fill out this
// field"): on a Thai page they say the product's Thai words instead.
(() => {
  const THAI = {
    valueMissing: (el) => (el.type === "file" ? "กรุณาเลือกไฟล์" : el.type === "checkbox" ? "กรุณาทำเครื่องหมายในช่องนี้"
      : el.tagName === "SELECT" ? "กรุณาเลือกรายการ" : "กรุณากรอกช่องนี้"),
    typeMismatch: (el) => (el.type === "email" ? "กรุณากรอกอีเมลให้ถูกต้อง เช่น name@example.go.th" : "กรุณากรอกให้ถูกรูปแบบ"),
    patternMismatch: (el) => (el.title ? `กรุณากรอกให้ถูกรูปแบบ: ${el.title}` : "กรุณากรอกให้ถูกรูปแบบ"),
    tooLong: (el) => `กรอกได้ไม่เกิน ${el.maxLength} ตัวอักษร`,
    tooShort: (el) => `กรุณากรอกอย่างน้อย ${el.minLength} ตัวอักษร`,
    rangeUnderflow: (el) => `ค่าต้องไม่น้อยกว่า ${el.min}`,
    rangeOverflow: (el) => `ค่าต้องไม่มากกว่า ${el.max}`,
    stepMismatch: () => "กรุณากรอกจำนวนเต็มหรือค่าที่ถูกต้อง",
    badInput: () => "กรุณากรอกตัวเลข",
  };
  const thaiPage = () => (document.documentElement.lang || "th").startsWith("th");
  document.addEventListener("invalid", (event) => {
    const el = event.target;
    if (!thaiPage() || !el.validity) return;
    el.setCustomValidity("");
    const reason = Object.keys(THAI).find((key) => el.validity[key]);
    if (reason) el.setCustomValidity(THAI[reason](el));
  }, true);
  const reset = (event) => { if (event.target.setCustomValidity) event.target.setCustomValidity(""); };
  document.addEventListener("input", reset, true);
  document.addEventListener("change", reset, true);
})();
