// The idle timeout's warning (accounts/sessions.py): two minutes before a session ends for lack of
// activity, a bar offers "stay signed in". The page is not reloaded, so whatever is typed in a grid
// and not yet saved stays where it is (and the grids' autosave keeps it across a lapsed session).
// The server says how long is left: a request made in another tab, or an autosave, counts.
(() => {
  const bar = document.getElementById("session-warning");
  if (!bar) return;
  const url = bar.dataset.statusUrl;
  const form = bar.querySelector("form");
  const countdown = bar.querySelector("[data-countdown]");
  let timer = null;
  let ticking = null;

  const schedule = (seconds) => {
    clearTimeout(timer);
    timer = setTimeout(check, Math.max(seconds, 1) * 1000);
  };
  const ended = () => {
    clearInterval(ticking);
    bar.querySelector("[data-warning]").hidden = true;
    bar.querySelector("[data-ended]").hidden = false;
    bar.hidden = false;
  };
  const warn = (left) => {
    bar.hidden = false;
    let remaining = left;
    clearInterval(ticking);
    const show = () => {
      countdown.textContent = `${Math.floor(remaining / 60)}:${String(remaining % 60).padStart(2, "0")}`;
      if (remaining <= 0) { check(); return; }
      remaining -= 1;
    };
    show();
    ticking = setInterval(show, 1000);
  };
  const answer = (response) => {
    if (!response.ok) { ended(); return; }
    response.json().then((state) => {
      if (state.seconds_left <= 0) { ended(); return; }
      if (state.seconds_left > state.warn_before) {
        bar.hidden = true;
        clearInterval(ticking);
        schedule(state.seconds_left - state.warn_before);
      } else {
        warn(state.seconds_left);
        schedule(state.seconds_left + 1);
      }
    });
  };
  function check() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" }, redirect: "manual" })
      .then(answer, () => schedule(30));
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fetch(url, { method: "POST", body: new FormData(form), credentials: "same-origin", redirect: "manual" })
      .then(answer, () => schedule(30));
  });
  schedule(Number(bar.dataset.idleSeconds) - Number(bar.dataset.warnBefore));
})();
