// Form 2: results typed (or pasted) on leaf rows, disbursement and narratives; each saves itself
// through the API. The server checks every rule; a result over three times the target to date
// asks for confirmation and a remark; the server keeps such a value as pending until confirmed, so
// it shows again on any device. Unsaved edits wait in localStorage (dropped connection,
// expired session) and are sent again, against their original revision, when possible.
(function () {
  "use strict";
  const table = document.querySelector(".lp-report[data-editable='1']");
  if (!table) return;

  const autosave = window.lpAutosave.create(table, `labourplan:report:${table.dataset.report}:`);
  const { setStatus, load, store, forget, send, sessionExpired, parseCount, typedBeforeReady } = autosave;
  const api = table.dataset.api;

  const rows = () => Array.from(table.querySelectorAll("tr.lp-row"));
  const leafRows = () => rows().filter((row) => row.querySelector("[data-field=result]"));

  // Someone saved first: the officer's value and the saved one, side by side.
  function showConflict(text, mine, theirs, keepMine, takeTheirs) {
    const p = document.createElement("p");
    p.className = "mb-2";
    p.textContent = `${text} ค่าของคุณ: ${mine} · ค่าที่บันทึกไว้แล้ว: ${theirs}`;
    autosave.conflict([p], keepMine, takeTheirs);
  }

  // Results -------------------------------------------------------------------------------

  function refreshPercent(row) {
    const annual = Number(row.dataset.annual);
    if (annual > 0) {
      const percent = (Number(row.querySelector("[data-cumulative]").textContent) * 100) / annual;
      row.querySelector("[data-percent]").textContent = percent.toFixed(2);
    }
  }

  function refreshSums(row) {
    const result = parseCount(row.querySelector("[data-field=result]").value);
    const cumulative = row.querySelector("[data-cumulative]");
    if (!Number.isNaN(result)) cumulative.textContent = Number(row.dataset.before) + result;
    refreshPercent(row);
    const parentKey = row.dataset.parent;
    if (!parentKey) return;
    const parent = table.querySelector(`tr.lp-row[data-key='${parentKey}']`);
    let sum = 0;
    let sumCumulative = 0;
    table.querySelectorAll(`tr.lp-row[data-parent='${parentKey}']`).forEach((sub) => {
      sum += parseCount(sub.querySelector("[data-field=result]").value) || 0;
      sumCumulative += Number(sub.querySelector("[data-cumulative]").textContent) || 0;
    });
    parent.querySelector("[data-result]").textContent = sum;
    parent.querySelector("[data-cumulative]").textContent = sumCumulative;
    refreshPercent(parent);
  }

  function remember(row, extra = {}) {
    const key = row.dataset.key;
    const pending = load(key);
    store(key, {
      revision: pending ? pending.revision : Number(row.dataset.revision),
      result: row.querySelector("[data-field=result]").value,
      remark: row.querySelector("[data-field=remark]").value,
      confirmed: Boolean(row.querySelector(".lp-confirm:checked")),
      ...extra,
    });
    row.classList.add("lp-dirty");
  }

  const edits = autosave.queue({ delay: 600, remember, save: (row) => saveRow(row) });
  const schedule = edits.schedule;

  function askConfirmation(row, message) {
    const input = row.querySelector("[data-field=result]");
    input.classList.add("is-invalid");
    input.title = message;
    if (!row.querySelector(".lp-confirm")) {
      const label = document.createElement("label");
      label.className = "form-check-label small d-block mt-1";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input lp-confirm me-1";
      box.addEventListener("change", () => schedule(row));
      label.append(box, "ยืนยันผลนี้ (ระบุเหตุผลในหมายเหตุ)");
      input.after(label);
    }
    row.querySelector("[data-field=remark]").classList.toggle("is-invalid", !row.querySelector("[data-field=remark]").value.trim());
    setStatus(message, "warning");
  }

  async function saveRow(row) {
    const key = row.dataset.key;
    const pending = load(key);
    if (!pending || edits.inFlight.has(key)) return;
    edits.inFlight.add(key);
    const answer = await send("PUT", `${api}results/${key}/`, {
      revision: pending.revision, result: pending.result, remark: pending.remark, confirmed: pending.confirmed,
    });
    edits.inFlight.delete(key);
    if (!answer) return;
    const { response, data } = answer;
    const input = row.querySelector("[data-field=result]");
    if (response.ok) {
      const latest = load(key);
      if (latest && (latest.result !== pending.result || latest.remark !== pending.remark)) {
        store(key, { ...latest, revision: data.revision }); // typed again while saving: send that too
        schedule(row);
      } else {
        forget(key);
      }
      row.dataset.revision = data.revision;
      row.classList.remove("lp-dirty", "lp-pending");
      delete row.dataset.pending;
      const note = row.querySelector("[data-testid=pending]");
      if (note) note.remove();
      const confirm = row.querySelector(".lp-confirm");
      if (confirm) confirm.closest("label").remove();
      row.querySelectorAll(".is-invalid").forEach((el) => { el.classList.remove("is-invalid"); el.removeAttribute("title"); });
      autosave.saved();
    } else if (response.status === 409) {
      const current = data.current || {};
      showConflict(
        `มีผู้อื่นบันทึกผลของ “${row.querySelector(".lp-col-title").textContent.trim()}” ก่อนคุณ`,
        pending.result || "-",
        current.result == null ? "-" : current.result,
        () => { store(key, { ...pending, revision: current.revision || 0 }); saveRow(row); },
        () => {
          input.value = current.result ? String(current.result) : "";
          row.querySelector("[data-field=remark]").value = current.remark || "";
          row.dataset.revision = current.revision || 0;
          forget(key);
          row.classList.remove("lp-dirty");
          refreshSums(row);
        },
      );
    } else if (response.status === 400 && data.code === "confirm_required") {
      askConfirmation(row, data.message);
    } else if (response.status === 400) {
      input.classList.add("is-invalid");
      input.title = data.message || "";
      setStatus(`ยังไม่ได้บันทึกแถวนี้: ${data.message || ""}`, "danger");
    } else if (response.status === 401 || response.status === 403) {
      sessionExpired();
    } else {
      autosave.failed(response.status);
    }
  }

  // Disbursement and narratives -------------------------------------------------------------

  const fields = Array.from(document.querySelectorAll(".lp-report-field"));
  const FIELD_KEY = "fields";

  function rememberFields() {
    const pending = load(FIELD_KEY);
    const values = {};
    fields.forEach((f) => { values[f.dataset.field] = f.value; });
    store(FIELD_KEY, { revision: pending ? pending.revision : Number(table.dataset.revision), values });
  }

  const fieldEdits = autosave.queue({ delay: 800, remember: rememberFields, save: () => saveFields() });
  const scheduleFields = () => fieldEdits.schedule(FIELD_KEY);

  async function saveFields() {
    const pending = load(FIELD_KEY);
    if (!pending) return;
    const answer = await send("PATCH", api, { revision: pending.revision, ...pending.values });
    if (!answer) return;
    const { response, data } = answer;
    fields.forEach((f) => { f.classList.remove("is-invalid"); });
    if (response.ok) {
      forget(FIELD_KEY);
      table.dataset.revision = data.revision;
      autosave.saved();
    } else if (response.status === 409) {
      const current = data.current || {};
      showConflict(
        "มีผู้อื่นบันทึกยอดเบิกจ่ายหรือคำบรรยายของรายงานนี้ก่อนคุณ",
        pending.values.disbursed,
        current.disbursed == null ? "-" : current.disbursed,
        () => { store(FIELD_KEY, { ...pending, revision: current.revision }); saveFields(); },
        () => {
          fields.forEach((f) => { if (f.dataset.field in current) f.value = current[f.dataset.field]; });
          table.dataset.revision = current.revision;
          forget(FIELD_KEY);
        },
      );
    } else if (response.status === 400) {
      Object.keys(data.errors || {}).forEach((name) => {
        const field = fields.find((f) => f.dataset.field === name);
        if (field) field.classList.add("is-invalid");
      });
      setStatus(`ยังไม่ได้บันทึก: ${data.message || ""}`, "danger");
    } else if (response.status === 401 || response.status === 403) {
      sessionExpired();
    }
  }

  // Typing, pasting, moving -----------------------------------------------------------------

  rows().forEach((row) => {
    if (row.dataset.before !== undefined) return; // the server's figure: a pending value counts nowhere yet
    const cumulative = row.querySelector("[data-cumulative]");
    const result = row.querySelector("[data-field=result]");
    row.dataset.before = Number(cumulative.textContent) - (result ? parseCount(result.value) || 0 : 0);
  });
  // A value kept on the server while it waits for confirmation (typed here or on another device).
  leafRows().filter((row) => row.dataset.pending !== undefined).forEach((row) => {
    askConfirmation(row, row.querySelector("[data-testid=pending]").textContent);
  });

  table.addEventListener("input", (event) => {
    const input = event.target.closest(".lp-input");
    if (!input) return;
    const row = input.closest("tr.lp-row");
    if (input.dataset.field === "result") refreshSums(row);
    schedule(row);
  });
  fields.forEach((f) => f.addEventListener("input", scheduleFields));

  table.addEventListener("paste", (event) => {
    const input = event.target.closest(".lp-input");
    if (!input) return;
    const text = (event.clipboardData || window.clipboardData).getData("text");
    if (!/[\t\n]/.test(text.trim())) return;
    event.preventDefault();
    const lines = text.replace(/\r/g, "").replace(/\n$/, "").split("\n").map((line) => line.split("\t"));
    const leaves = leafRows();
    const start = leaves.indexOf(input.closest("tr.lp-row"));
    const firstCol = Number(input.dataset.col);
    lines.forEach((values, i) => {
      const row = leaves[start + i];
      if (!row) return;
      values.forEach((value, j) => {
        const target = row.querySelector(`[data-col='${firstCol + j}']`);
        if (target) target.value = value.trim();
      });
      refreshSums(row);
      schedule(row);
    });
  });

  table.addEventListener("keydown", (event) => {
    const input = event.target.closest(".lp-input");
    if (!input) return;
    const leaves = leafRows();
    const r = leaves.indexOf(input.closest("tr.lp-row"));
    const col = input.dataset.col;
    let target = null;
    if (event.key === "ArrowDown" || event.key === "Enter") target = leaves[r + 1] && leaves[r + 1].querySelector(`[data-col='${col}']`);
    else if (event.key === "ArrowUp") target = leaves[r - 1] && leaves[r - 1].querySelector(`[data-col='${col}']`);
    else if (event.key === "ArrowRight" && input.selectionStart === input.value.length) target = leaves[r].querySelector("[data-col='2']");
    else if (event.key === "ArrowLeft" && input.selectionStart === 0) target = leaves[r].querySelector("[data-col='1']");
    if (target && target !== input) {
      event.preventDefault();
      target.focus();
      target.select();
    }
  });

  function resendPending() {
    leafRows().forEach((row) => {
      const pending = load(row.dataset.key);
      if (!pending || edits.busy(row, row.dataset.key)) return;
      row.querySelector("[data-field=result]").value = pending.result;
      row.querySelector("[data-field=remark]").value = pending.remark;
      row.classList.add("lp-dirty");
      refreshSums(row);
      saveRow(row);
    });
    const pendingFields = load(FIELD_KEY);
    if (pendingFields && !fieldEdits.busy(FIELD_KEY)) {
      fields.forEach((f) => { if (f.dataset.field in pendingFields.values) f.value = pendingFields.values[f.dataset.field]; });
      saveFields();
    }
  }
  autosave.resendWhenOnline(resendPending);
  // Anything typed before this script ran (a quick typist, a slow connection) is saved too.
  leafRows().forEach((row) => {
    if (typedBeforeReady(row.querySelectorAll(".lp-input"))) {
      refreshSums(row);
      schedule(row);
    }
  });
  if (typedBeforeReady(fields)) scheduleFields();
  resendPending();
  table.dataset.ready = "1";
})();
