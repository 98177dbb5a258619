// What the pages that save as one types share (the Form 1 grid, the Form 2 report): the queue of
// edits waiting to be sent, the status line, the conflict dialog, the expired session and the
// resending of edits kept in localStorage once the connection is back. The server is the
// authority: every rule, and conflicts by revision. Each page says what a row is and how it saves.
(function () {
  "use strict";
  const THAI = "๐๑๒๓๔๕๖๗๘๙";

  // Numbers as officers type them: Thai digits, thousands separators, "-" for zero.
  function parseCount(text) {
    const clean = Array.from(String(text).trim()).map((c) => (THAI.includes(c) ? String(THAI.indexOf(c)) : c)).join("").replace(/[,\s]/g, "");
    if (clean === "" || clean === "-") return 0;
    return /^\d+$/.test(clean) ? parseInt(clean, 10) : NaN;
  }

  // Whether any of `inputs` was changed before the page's script ran (a quick typist, a slow connection).
  const typedBeforeReady = (inputs) => Array.from(inputs).some((input) => input.value !== input.defaultValue);

  // For the editable `table` of a page with a #grid-status line and a #grid-conflict box; the
  // table's data-login is the login page; `prefix` starts the page's localStorage keys.
  function create(table, prefix) {
    const statusBox = document.getElementById("grid-status");
    const conflictBox = document.getElementById("grid-conflict");
    const login = table.dataset.login;
    const csrfToken = () => (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";

    function setStatus(text, kind) {
      statusBox.textContent = text;
      statusBox.className = `lp-grid-status small mb-2 text-${kind || "body-secondary"}`;
    }
    const saved = () => setStatus(`บันทึกแล้ว ${new Date().toLocaleTimeString("th-TH")}`, "success");
    const failed = (status) => setStatus(`บันทึกไม่สำเร็จ (${status}) ข้อมูลที่พิมพ์ไว้ยังอยู่ ระบบจะลองใหม่`, "danger");

    function sessionExpired() {
      setStatus("เซสชันหมดอายุหรือไม่มีสิทธิ์บันทึก ข้อมูลที่พิมพ์ไว้ยังเก็บอยู่ในเครื่องนี้ ", "danger");
      const link = document.createElement("a");
      link.href = `${login}?next=${encodeURIComponent(location.pathname + location.search)}`;
      link.textContent = "เข้าสู่ระบบอีกครั้ง แล้วระบบจะบันทึกให้";
      statusBox.appendChild(link);
    }

    // Edits not yet saved, by key: they survive a dropped connection, a reload, an expired session.
    const load = (key) => JSON.parse(localStorage.getItem(prefix + key) || "null");
    const store = (key, value) => localStorage.setItem(prefix + key, JSON.stringify(value));
    const forget = (key) => localStorage.removeItem(prefix + key);
    const waiting = (key) => localStorage.getItem(prefix + key) !== null;

    // One request as JSON: { response, data }, or null when the connection dropped (said in the status).
    async function send(method, url, body) {
      try {
        const response = await fetch(url, {
          method,
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(), Accept: "application/json" },
          body: JSON.stringify(body),
        });
        return { response, data: await response.json().catch(() => ({})) };
      } catch (error) {
        setStatus("ยังไม่ได้บันทึก: การเชื่อมต่อขาดหาย ข้อมูลที่พิมพ์ไว้ยังอยู่ในเครื่องนี้ ระบบจะลองบันทึกอีกครั้งเมื่อกลับมาออนไลน์", "danger");
        return null;
      }
    }

    // The queue: `schedule(target)` keeps the edit (`remember`) and saves it `delay` ms after the
    // last keystroke; `inFlight` holds the keys whose request is on its way.
    function queue({ delay, remember, save }) {
      const timers = new Map();
      const inFlight = new Set();
      return {
        inFlight,
        schedule(target) {
          remember(target);
          setStatus("กำลังบันทึก…");
          clearTimeout(timers.get(target));
          timers.set(target, setTimeout(() => { timers.delete(target); save(target); }, delay));
        },
        // Typing or sending: a resend would only race it.
        busy: (target, key) => timers.has(target) || inFlight.has(key),
      };
    }

    // Someone else saved first: show `content` (nodes) and let the officer keep theirs or take the saved one.
    function conflict(content, keepMine, takeTheirs) {
      conflictBox.replaceChildren(...content);
      const mine = document.createElement("button");
      mine.type = "button";
      mine.className = "btn btn-sm btn-danger me-2";
      mine.textContent = "ใช้ค่าของฉัน";
      mine.addEventListener("click", () => { conflictBox.hidden = true; keepMine(); });
      const theirs = document.createElement("button");
      theirs.type = "button";
      theirs.className = "btn btn-sm btn-outline-secondary";
      theirs.textContent = "ใช้ค่าที่บันทึกไว้แล้ว";
      theirs.addEventListener("click", () => {
        conflictBox.hidden = true;
        takeTheirs();
        setStatus("ใช้ค่าที่บันทึกไว้แล้ว", "success");
      });
      conflictBox.append(mine, theirs);
      conflictBox.hidden = false;
      setStatus("ยังไม่ได้บันทึก: มีการแก้ไขชนกัน", "danger");
      conflictBox.scrollIntoView({ block: "nearest" });
    }

    // Send again what waits in localStorage when the connection returns, and every 20 seconds online.
    function resendWhenOnline(resend, anyWaiting = () => true) {
      window.addEventListener("online", resend);
      setInterval(() => { if (navigator.onLine && anyWaiting()) resend(); }, 20000);
    }

    return {
      parseCount, typedBeforeReady, setStatus, saved, failed, sessionExpired, load, store, forget, waiting, send, queue, conflict, resendWhenOnline,
    };
  }

  window.lpAutosave = { create };
})();
