// The admin's import job page (templates/admin/events/importjob/job.html): while the job is
// queued or running, polls its progress (rows read of rows expected) into the progress bar, and
// reloads the page once the job has moved on (dry run done, import done, failed), so its result
// is rendered, and escaped, by the server.
const POLL_MS = 500;

const root = document.getElementById('import-job');
const bar = document.getElementById('import-progress');
const text = document.getElementById('import-progress-text');
const status = document.getElementById('import-status');

async function poll() {
  let progress;
  try {
    const response = await fetch(root.dataset.progressUrl, { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    progress = await response.json();
  } catch {
    window.setTimeout(poll, POLL_MS * 4); // the server restarting: the job is in the database
    return;
  }
  bar.max = Math.max(progress.total, 1);
  bar.value = progress.done;
  text.textContent = `${progress.done} / ${progress.total} rows read`;
  status.textContent = progress.status_display;
  if (progress.status !== root.dataset.status || progress.stage !== root.dataset.stage) {
    if (!progress.active) {
      window.location.reload();
      return;
    }
    root.dataset.status = progress.status;
  }
  window.setTimeout(poll, POLL_MS);
}

if (root && bar) poll();
