// Playback: the date window steps forward one bucket (day, week or month) at a time, from the
// start of the extent if the window reaches its end, until it reaches the end; a step every
// PLAY_MS at 1x, the speed the user sets (kept in the URL as `speed`).

import { addBuckets } from "../lib/dates.js";
import { renderClient } from "./client.js";
import { pushUrl, replaceUrl } from "./history.js";
import { ui } from "./page.js";
import { refreshView, viewMovedCancel } from "./server.js";
import { store } from "./store.js";
import { hasTimeline, renderTimeline, setWindow, windowDays } from "./timeline.js";

const PLAY_MS = 700;

/** The time between two steps at the state's speed (shown as data-interval on the button). */
export function playInterval() {
  return Math.round(PLAY_MS / (store.state.speed || 1));
}

/** The speed control shows the state's speed; a change applies from the next step. */
export function renderSpeed() {
  ui.playSpeed.value = String(store.state.speed);
  ui.play.dataset.interval = String(playInterval());
}

export function wireSpeed() {
  ui.playSpeed.addEventListener("change", () => {
    store.state.speed = Number(ui.playSpeed.value) || 1;
    renderSpeed();
    replaceUrl(); // a setting of the view, not a new filter: no history entry of its own
  });
  renderSpeed();
}

export function togglePlay() {
  if (store.playing) stopPlay();
  else startPlay();
}

/** The first window: the chosen one moved to the start, or a tenth of the extent if none. */
function firstWindow() {
  const { d0, d1, bucket } = store.hist;
  let [a, b] = windowDays();
  a = Math.max(a, d0);
  b = Math.min(b, d1);
  if (a <= d0 && b >= d1) {
    const width = Math.max(addBuckets(d0, bucket, 1) - d0, Math.ceil((d1 - d0 + 1) / 10));
    return [d0, Math.min(d1, d0 + width - 1)];
  }
  return b >= d1 ? [d0, d0 + (b - a)] : [a, b];
}

function startPlay() {
  if (!hasTimeline() || store.playing) return;
  setWindow(...firstWindow());
  pushUrl();
  store.playing = true;
  const run = ++store.playRun;
  ui.play.setAttribute("aria-pressed", "true");
  ui.play.classList.add("playing");
  ui.count.setAttribute("aria-live", "off"); // no announcement per step; one when it stops
  ui.playLabel.textContent = "Pause";
  showStep().then(() => nextStep(run));
}

/** Draw the window: at once in client mode; server mode waits for the view's answer. */
async function showStep() {
  if (store.mode !== "server") return renderClient();
  viewMovedCancel();
  renderTimeline();
  await refreshView();
}

function nextStep(run) {
  if (store.playing && run === store.playRun && !store.playTimer) {
    store.playTimer = window.setTimeout(() => step(run), playInterval());
  }
}

async function step(run) {
  store.playTimer = null;
  if (!store.playing || run !== store.playRun) return;
  if (!hasTimeline()) return stopPlay();
  const { d1, bucket } = store.hist;
  const [a, b] = windowDays();
  if (b >= d1) return stopPlay();
  const nb = Math.min(d1, addBuckets(b, bucket, 1));
  setWindow(addBuckets(a, bucket, 1), nb);
  replaceUrl();
  await showStep();
  if (!store.playing || run !== store.playRun) return;
  if (nb >= store.hist.d1) stopPlay();
  else nextStep(run);
}

export function stopPlay() {
  if (!store.playing) return;
  store.playing = false;
  window.clearTimeout(store.playTimer);
  store.playTimer = null;
  ui.play.setAttribute("aria-pressed", "false");
  ui.play.classList.remove("playing");
  ui.count.setAttribute("aria-live", "polite");
  ui.playLabel.textContent = "Play";
}
