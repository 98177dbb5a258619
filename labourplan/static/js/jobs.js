// A background job's page: asks how far the job is every few seconds and shows it, until the
// file is ready or the job failed. Kept in a file (no inline script) for the Content-Security-Policy;
// without JavaScript the page refreshes itself (<noscript> meta refresh).
(() => {
  const job = document.querySelector("[data-job-status]");
  if (!job) return;
  const part = (name) => job.querySelector(`[data-job-${name}]`);
  const interval = (Number(job.dataset.interval) || 2) * 1000;

  const show = (status) => {
    job.dataset.state = status.state;
    part("state").textContent = status.state_label;
    part("step").textContent = status.step || "";
    part("progress").value = status.progress;
    part("progress").textContent = `${status.progress}%`;
    part("percent").textContent = status.progress;
    part("error").textContent = status.error || "";
    part("error").hidden = status.state !== "failed";
    part("retry").hidden = !status.can_retry;
    part("ready").hidden = status.state !== "done";
    if (status.download_url) {
      part("download").href = status.download_url;
      part("filename").textContent = status.filename;
    }
    if (status.finished && part("waiting")) part("waiting").hidden = true;
  };

  const poll = async () => {
    try {
      const response = await fetch(job.dataset.jobStatus, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.status);
      const status = await response.json();
      show(status);
      if (status.finished || status.can_retry) return;
    } catch (error) {
      // a missed answer (a server restarting): ask again at the next turn
    }
    setTimeout(poll, interval);
  };
  if (job.dataset.state === "queued" || job.dataset.state === "running") setTimeout(poll, interval);
})();
