// The Form 1 grid: type or paste like in Excel; every row saves itself through the API.
// The server is the authority: it parses Thai digits and "-", checks every rule and detects
// conflicts by revision. Unsaved edits wait in localStorage when the connection drops or the
// session expires, and are sent again (against their original revision) when possible.
(function () {
  "use strict";
  const table = document.querySelector(".lp-grid[data-editable='1']");
  if (!table) return;

  const api = table.dataset.api;
  const statusBox = document.getElementById("grid-status");
  const conflictBox = document.getElementById("grid-conflict");
  const storageKey = (itemId) => `labourplan:plan:${table.dataset.plan}:item:${itemId}`;
  const THAI = "๐๑๒๓๔๕๖๗๘๙";
  const timers = new Map();
  const inFlight = new Set();

  const csrfToken = () => (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  const rows = () => Array.from(table.querySelectorAll("tr.lp-row"));
  const rowOf = (el) => el.closest("tr.lp-row");

  function setStatus(text, kind) {
    statusBox.textContent = text;
    statusBox.className = `lp-grid-status small mb-2 text-${kind || "body-secondary"}`;
  }

  // Numbers as officers type them: Thai digits, thousands separators, "-" for zero.
  function parseCount(text) {
    const clean = Array.from(String(text).trim()).map((c) => (THAI.includes(c) ? String(THAI.indexOf(c)) : c)).join("").replace(/[,\s]/g, "");
    if (clean === "" || clean === "-") return 0;
    return /^\d+$/.test(clean) ? parseInt(clean, 10) : NaN;
  }

  function rowValues(row) {
    const values = {};
    row.querySelectorAll("[data-field]").forEach((input) => {
      values[input.dataset.field] = input.value;
    });
    return values;
  }

  function payload(values) {
    const body = {};
    for (const [field, value] of Object.entries(values)) {
      if (field === "budget") {
        body.budget = value.trim() === "" ? null : value;
      } else if (field === "agencies") {
        body.agencies = value.split("/").map((a) => a.trim()).filter(Boolean).map((a) => (a.endsWith(".") ? a : `${a}.`));
      } else {
        body[field] = value;
      }
    }
    return body;
  }

  function refreshTotal(row) {
    let total = 0;
    let valid = true;
    row.querySelectorAll(".lp-cell").forEach((cell) => {
      const n = parseCount(cell.value);
      if (Number.isNaN(n)) valid = false;
      else total += n;
    });
    row.querySelector("[data-total]").textContent = valid ? total : "?";
    refreshWarning(row.dataset.parent || row.dataset.item);
    return total;
  }

  function refreshWarning(activityId) {
    const activity = table.querySelector(`tr.lp-row[data-item='${activityId}']`);
    if (!activity) return;
    const subs = table.querySelectorAll(`tr.lp-row[data-parent='${activityId}']`);
    const box = document.querySelector(`[data-warning='${activityId}']`);
    if (!subs.length) {
      if (box) box.remove();
      return;
    }
    const total = Number(activity.querySelector("[data-total]").textContent);
    let subTotal = 0;
    subs.forEach((s) => { subTotal += Number(s.querySelector("[data-total]").textContent) || 0; });
    const title = activity.querySelector("[data-field=title]").value;
    if (subTotal === total) {
      if (box) box.remove();
      return;
    }
    const warning = box || document.createElement("div");
    warning.className = "alert alert-warning py-2 mb-2";
    warning.setAttribute("role", "status");
    warning.dataset.warning = activityId;
    warning.textContent = `รายการย่อยของ “${title}” รวมได้ ${subTotal} แต่เป้าหมายของกิจกรรมคือ ${total} ระบบเก็บไว้ทั้งสองค่า โปรดตรวจสอบว่ายังขาดรายการย่อยใดหรือไม่`;
    if (!box) document.getElementById("warnings").appendChild(warning);
  }

  // Saving --------------------------------------------------------------------------------

  function remember(row) {
    const pending = JSON.parse(localStorage.getItem(storageKey(row.dataset.item)) || "null");
    const entry = { revision: pending ? pending.revision : Number(row.dataset.revision), values: rowValues(row) };
    localStorage.setItem(storageKey(row.dataset.item), JSON.stringify(entry));
  }

  function schedule(row) {
    remember(row);
    row.classList.add("lp-dirty");
    setStatus("กำลังบันทึก…");
    clearTimeout(timers.get(row));
    timers.set(row, setTimeout(() => { timers.delete(row); save(row); }, 600));
  }

  function clearErrors(row) {
    row.querySelectorAll(".is-invalid").forEach((el) => {
      el.classList.remove("is-invalid");
      el.removeAttribute("title");
    });
  }

  async function save(row) {
    const id = row.dataset.item;
    const pending = JSON.parse(localStorage.getItem(storageKey(id)) || "null");
    if (!pending) return;
    if (inFlight.has(id)) {
      schedule(row);
      return;
    }
    inFlight.add(id);
    const body = { ...payload(pending.values), revision: pending.revision };
    let response;
    try {
      response = await fetch(`${api}${id}/`, {
        method: "PATCH",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
        body: JSON.stringify(body),
      });
    } catch (error) {
      inFlight.delete(id);
      setStatus("ยังไม่ได้บันทึก: การเชื่อมต่อขาดหาย ข้อมูลที่พิมพ์ไว้ยังอยู่ในเครื่องนี้ ระบบจะลองบันทึกอีกครั้งเมื่อกลับมาออนไลน์", "danger");
      return;
    }
    inFlight.delete(id);
    const data = await response.json().catch(() => ({}));
    if (response.ok) {
      const latest = JSON.parse(localStorage.getItem(storageKey(id)) || "null");
      if (latest && JSON.stringify(latest.values) !== JSON.stringify(pending.values)) {
        // Typed again while this save was on its way: send the newer values on the new revision.
        localStorage.setItem(storageKey(id), JSON.stringify({ ...latest, revision: data.revision }));
        schedule(row);
      } else {
        localStorage.removeItem(storageKey(id));
      }
      row.dataset.revision = data.revision;
      row.classList.remove("lp-dirty");
      clearErrors(row);
      row.querySelector("[data-total]").textContent = data.total;
      refreshWarning(row.dataset.parent || id);
      setStatus(`บันทึกแล้ว ${new Date().toLocaleTimeString("th-TH")}`, "success");
    } else if (response.status === 409) {
      showConflict(row, pending, data.current || {});
    } else if (response.status === 400) {
      clearErrors(row);
      const errors = data.errors || {};
      const messages = [];
      for (const [field, list] of Object.entries(errors)) {
        const input = row.querySelector(`[data-field='${field}']`);
        const text = Array.isArray(list) ? list.join(" ") : String(list);
        if (input) {
          input.classList.add("is-invalid");
          input.title = text;
        }
        messages.push(text);
      }
      setStatus(`ยังไม่ได้บันทึกแถวนี้: ${messages.join(" ") || data.message || ""}`, "danger");
    } else if (response.status === 401 || response.status === 403) {
      setStatus("", "danger");
      statusBox.textContent = "เซสชันหมดอายุหรือไม่มีสิทธิ์บันทึก ข้อมูลที่พิมพ์ไว้ยังเก็บอยู่ในเครื่องนี้ ";
      const link = document.createElement("a");
      link.href = `${table.dataset.login}?next=${encodeURIComponent(location.pathname + location.search)}`;
      link.textContent = "เข้าสู่ระบบอีกครั้ง แล้วระบบจะบันทึกให้";
      statusBox.appendChild(link);
    } else {
      setStatus(`บันทึกไม่สำเร็จ (${response.status}) ข้อมูลที่พิมพ์ไว้ยังอยู่ ระบบจะลองใหม่`, "danger");
    }
  }

  const FIELD_LABELS = { title: "ชื่อกิจกรรม", unit: "หน่วยนับ", agencies: "หน่วยงานรับผิดชอบ", budget: "งบประมาณ (บาท)" };
  const MONTHS = ["ต.ค.", "พ.ย.", "ธ.ค.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย."];

  function serverValue(current, field) {
    if (field === "agencies") return (current.agencies || []).join("/");
    if (field.startsWith("target_")) {
      const index = Number(field.split("_")[1]) - 1;
      const value = current.targets ? current.targets[index] : current[field];
      return value ? String(value) : "";
    }
    return current[field] == null ? "" : String(current[field]);
  }

  function showConflict(row, pending, current) {
    const differing = Object.keys(pending.values).filter((f) => {
      const mine = f.startsWith("target_") ? String(parseCount(pending.values[f]) || "") : pending.values[f];
      return mine !== serverValue(current, f);
    });
    conflictBox.replaceChildren();
    const heading = document.createElement("p");
    heading.className = "mb-2";
    heading.textContent = `มีผู้อื่นบันทึกแถว “${serverValue(current, "title") || row.querySelector("[data-field=title]").value}” ก่อนคุณ โปรดเลือกว่าจะใช้ค่าใด`;
    conflictBox.appendChild(heading);
    const list = document.createElement("table");
    list.className = "table table-sm mb-2";
    list.innerHTML = "<thead><tr><th>ช่อง</th><th>ค่าของคุณ</th><th>ค่าที่บันทึกไว้แล้ว</th></tr></thead>";
    const body = document.createElement("tbody");
    differing.forEach((field) => {
      const tr = document.createElement("tr");
      const label = field.startsWith("target_") ? `เป้าหมาย ${MONTHS[Number(field.split("_")[1]) - 1]}` : FIELD_LABELS[field] || field;
      [label, pending.values[field] || "-", serverValue(current, field) || "-"].forEach((text) => {
        const td = document.createElement("td");
        td.textContent = text;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    list.appendChild(body);
    conflictBox.appendChild(list);
    const keepMine = document.createElement("button");
    keepMine.type = "button";
    keepMine.className = "btn btn-sm btn-danger me-2";
    keepMine.textContent = "ใช้ค่าของฉัน";
    keepMine.addEventListener("click", () => {
      localStorage.setItem(storageKey(row.dataset.item), JSON.stringify({ revision: current.revision, values: pending.values }));
      conflictBox.hidden = true;
      save(row);
    });
    const takeTheirs = document.createElement("button");
    takeTheirs.type = "button";
    takeTheirs.className = "btn btn-sm btn-outline-secondary";
    takeTheirs.textContent = "ใช้ค่าที่บันทึกไว้แล้ว";
    takeTheirs.addEventListener("click", () => {
      row.querySelectorAll("[data-field]").forEach((input) => {
        input.value = serverValue(current, input.dataset.field);
      });
      row.dataset.revision = current.revision;
      localStorage.removeItem(storageKey(row.dataset.item));
      row.classList.remove("lp-dirty");
      refreshTotal(row);
      conflictBox.hidden = true;
      setStatus("ใช้ค่าที่บันทึกไว้แล้ว", "success");
    });
    conflictBox.append(keepMine, takeTheirs);
    conflictBox.hidden = false;
    setStatus("ยังไม่ได้บันทึก: มีการแก้ไขชนกัน", "danger");
    conflictBox.scrollIntoView({ block: "nearest" });
  }

  // Keyboard navigation and paste ---------------------------------------------------------

  function cellAt(rowIndex, col) {
    const row = rows()[rowIndex];
    return row ? row.querySelector(`[data-col='${col}']`) : null;
  }

  table.addEventListener("keydown", (event) => {
    const input = event.target.closest(".lp-input");
    if (!input) return;
    const row = rowOf(input);
    const all = rows();
    const r = all.indexOf(row);
    const inputs = Array.from(row.querySelectorAll(".lp-input"));
    const c = inputs.indexOf(input);
    const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    const atEnd = input.selectionStart === input.value.length;
    // In a multi-line title, up and down move the caret until it reaches the first or last line.
    const multiline = input.tagName === "TEXTAREA";
    if (multiline && ((event.key === "ArrowDown" && !atEnd) || (event.key === "ArrowUp" && !atStart))) return;
    let target = null;
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) target = all[r + 1] && all[r + 1].querySelectorAll(".lp-input")[c];
    else if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) target = all[r - 1] && all[r - 1].querySelectorAll(".lp-input")[c];
    else if (event.key === "ArrowRight" && atEnd) target = inputs[c + 1];
    else if (event.key === "ArrowLeft" && atStart) target = inputs[c - 1];
    if (target) {
      event.preventDefault();
      target.focus();
      target.select();
    }
  });

  table.addEventListener("paste", (event) => {
    const cell = event.target.closest(".lp-cell");
    if (!cell) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.trim())) return; // a single value: let the browser paste it
    event.preventDefault();
    const lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n").map((line) => line.split("\t"));
    const startRow = rows().indexOf(rowOf(cell));
    const startCol = Number(cell.dataset.col);
    const touched = new Set();
    lines.forEach((values, i) => {
      values.forEach((value, j) => {
        const target = cellAt(startRow + i, startCol + j);
        if (target) {
          target.value = value.trim();
          touched.add(rowOf(target));
        }
      });
    });
    touched.forEach((row) => {
      refreshTotal(row);
      schedule(row);
    });
  });

  table.addEventListener("input", (event) => {
    const input = event.target.closest(".lp-input");
    if (!input) return;
    const row = rowOf(input);
    if (input.classList.contains("lp-cell")) refreshTotal(row);
    schedule(row);
  });

  // Spreading a total over chosen months ---------------------------------------------------

  const dialog = document.getElementById("spread-dialog");
  let spreadRow = null;
  table.addEventListener("click", (event) => {
    const button = event.target.closest(".lp-spread");
    if (!button || !dialog) return;
    spreadRow = rowOf(button);
    document.getElementById("spread-total").value = spreadRow.querySelector("[data-total]").textContent;
    document.getElementById("spread-error").textContent = "";
    dialog.querySelectorAll("[name=spread-month]").forEach((box) => {
      box.checked = parseCount(spreadRow.querySelector(`[data-col='${box.value}']`).value) > 0;
    });
    dialog.showModal();
  });
  if (dialog) {
    document.getElementById("spread-apply").addEventListener("click", (event) => {
      const total = parseCount(document.getElementById("spread-total").value);
      const months = Array.from(dialog.querySelectorAll("[name=spread-month]:checked")).map((b) => Number(b.value));
      const error = document.getElementById("spread-error");
      if (Number.isNaN(total) || total < 0) {
        event.preventDefault();
        error.textContent = "กรุณากรอกจำนวนเต็มตั้งแต่ 0 ขึ้นไป";
        return;
      }
      if (!months.length) {
        event.preventDefault();
        error.textContent = "กรุณาเลือกอย่างน้อยหนึ่งเดือน";
        return;
      }
      // Whole numbers: the remainder goes to the earliest chosen months.
      const base = Math.floor(total / months.length);
      let remainder = total - base * months.length;
      for (let col = 1; col <= 12; col += 1) {
        const cell = spreadRow.querySelector(`[data-col='${col}']`);
        if (months.includes(col)) {
          cell.value = String(base + (remainder > 0 ? 1 : 0));
          remainder -= 1;
        } else {
          cell.value = "";
        }
      }
      refreshTotal(spreadRow);
      schedule(spreadRow);
    });
  }

  // Recovering edits that were not saved ---------------------------------------------------

  function resendPending() {
    rows().forEach((row) => {
      const pending = JSON.parse(localStorage.getItem(storageKey(row.dataset.item)) || "null");
      if (!pending || timers.has(row) || inFlight.has(row.dataset.item)) return;
      row.querySelectorAll("[data-field]").forEach((input) => {
        if (input.dataset.field in pending.values) input.value = pending.values[input.dataset.field];
      });
      row.classList.add("lp-dirty");
      refreshTotal(row);
      save(row);
    });
  }
  window.addEventListener("online", resendPending);
  setInterval(() => {
    if (navigator.onLine && rows().some((row) => localStorage.getItem(storageKey(row.dataset.item)))) resendPending();
  }, 20000);
  window.addEventListener("beforeunload", (event) => {
    if (rows().some((row) => row.classList.contains("lp-dirty"))) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Anything typed before this script ran (a quick typist, a slow connection) is saved too.
  rows().forEach((row) => {
    if (Array.from(row.querySelectorAll("[data-field]")).some((input) => input.value !== input.defaultValue)) {
      refreshTotal(row);
      schedule(row);
    }
  });
  resendPending();
  table.dataset.ready = "1";
})();
