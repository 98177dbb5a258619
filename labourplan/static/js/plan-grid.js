// The Form 1 grid: type or paste like in Excel; every row saves itself through the API.
// The server is the authority: it parses Thai digits and "-", checks every rule and detects
// conflicts by revision. Unsaved edits wait in localStorage when the connection drops or the
// session expires, and are sent again (against their original revision) when possible.
(function () {
  "use strict";
  const table = document.querySelector(".lp-grid[data-editable='1']");
  if (!table) return;

  const autosave = window.lpAutosave.create(table, `labourplan:plan:${table.dataset.plan}:item:`);
  const { setStatus, load, store, parseCount, typedBeforeReady } = autosave;
  const api = table.dataset.api;

  const rows = () => Array.from(table.querySelectorAll("tr.lp-row"));
  const rowOf = (el) => el.closest("tr.lp-row");

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
    const pending = load(row.dataset.item);
    store(row.dataset.item, { revision: pending ? pending.revision : Number(row.dataset.revision), values: rowValues(row) });
    row.classList.add("lp-dirty");
  }

  const edits = autosave.queue({ delay: 600, remember, save: (row) => save(row) });
  const schedule = edits.schedule;

  function clearErrors(row) {
    row.querySelectorAll(".is-invalid").forEach((el) => {
      el.classList.remove("is-invalid");
      el.removeAttribute("title");
    });
  }

  async function save(row) {
    const id = row.dataset.item;
    const pending = load(id);
    if (!pending) return;
    if (edits.inFlight.has(id)) {
      schedule(row);
      return;
    }
    edits.inFlight.add(id);
    const answer = await autosave.send("PATCH", `${api}${id}/`, { ...payload(pending.values), revision: pending.revision });
    edits.inFlight.delete(id);
    if (!answer) return;
    const { response, data } = answer;
    if (response.ok) {
      const latest = load(id);
      if (latest && JSON.stringify(latest.values) !== JSON.stringify(pending.values)) {
        // Typed again while this save was on its way: send the newer values on the new revision.
        store(id, { ...latest, revision: data.revision });
        schedule(row);
      } else {
        autosave.forget(id);
      }
      row.dataset.revision = data.revision;
      row.classList.remove("lp-dirty");
      clearErrors(row);
      row.querySelector("[data-total]").textContent = data.total;
      refreshWarning(row.dataset.parent || id);
      autosave.saved();
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
      autosave.sessionExpired();
    } else {
      autosave.failed(response.status);
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
    const heading = document.createElement("p");
    heading.className = "mb-2";
    heading.textContent = `มีผู้อื่นบันทึกแถว “${serverValue(current, "title") || row.querySelector("[data-field=title]").value}” ก่อนคุณ โปรดเลือกว่าจะใช้ค่าใด`;
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
    autosave.conflict(
      [heading, list],
      () => {
        store(row.dataset.item, { revision: current.revision, values: pending.values });
        save(row);
      },
      () => {
        row.querySelectorAll("[data-field]").forEach((input) => {
          input.value = serverValue(current, input.dataset.field);
        });
        row.dataset.revision = current.revision;
        autosave.forget(row.dataset.item);
        row.classList.remove("lp-dirty");
        refreshTotal(row);
      },
    );
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
      const pending = load(row.dataset.item);
      if (!pending || edits.busy(row, row.dataset.item)) return;
      row.querySelectorAll("[data-field]").forEach((input) => {
        if (input.dataset.field in pending.values) input.value = pending.values[input.dataset.field];
      });
      row.classList.add("lp-dirty");
      refreshTotal(row);
      save(row);
    });
  }
  autosave.resendWhenOnline(resendPending, () => rows().some((row) => autosave.waiting(row.dataset.item)));
  window.addEventListener("beforeunload", (event) => {
    if (rows().some((row) => row.classList.contains("lp-dirty"))) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  // Anything typed before this script ran (a quick typist, a slow connection) is saved too.
  rows().forEach((row) => {
    if (typedBeforeReady(row.querySelectorAll("[data-field]"))) {
      refreshTotal(row);
      schedule(row);
    }
  });
  resendPending();
  table.dataset.ready = "1";
})();
