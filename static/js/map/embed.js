// The Embed dialog: the <iframe> code of the embed page (?embed=1: the map and the timeline
// only) with the filters, view and speed the page has now, and a button that copies it. Which
// sites may frame it is the server's setting (EMBED_ALLOWED_ORIGINS, docs/map.md#embedding).

import { pageQuery } from "../lib/state.js";
import { config } from "./page.js";
import { store } from "./store.js";

const $ = (id) => document.getElementById(id);
const el = {
  open: $("embed-open"),
  dialog: $("embed-dialog"),
  code: $("embed-code"),
  note: $("embed-note"),
  copied: $("embed-copied"),
  copy: $("embed-copy"),
  close: $("embed-close"),
};

/** The embed page's address for the current state. */
export function embedUrl() {
  const query = pageQuery({ ...store.state, embed: true });
  return `${window.location.origin}${window.location.pathname}?${query}`;
}

/** Text as an HTML attribute value between double quotes. */
function attribute(text) {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function embedCode() {
  return (
    `<iframe src="${attribute(embedUrl())}" title="ConflictMap: conflict events on a timeline map" ` +
    `width="800" height="600" style="border:0" loading="lazy"></iframe>`
  );
}

function originsNote() {
  const origins = config.embedOrigins || [];
  if (!origins.length) {
    return (
      "This site lets no other site show it in a frame yet: its operator lists the sites " +
      "that may in the EMBED_ALLOWED_ORIGINS setting."
    );
  }
  return `Sites that may show it: ${origins.join(", ")}.`;
}

async function copyCode() {
  el.code.select();
  try {
    await navigator.clipboard.writeText(el.code.value);
    el.copied.textContent = "Copied.";
  } catch {
    // No clipboard permission (or an insecure origin): the code is selected for Ctrl+C.
    el.copied.textContent = "Selected: press Ctrl+C (⌘C) to copy it.";
  }
}

export function wireEmbed() {
  if (!el.open || !el.dialog) return;
  el.open.addEventListener("click", () => {
    el.code.value = embedCode();
    el.note.textContent = originsNote();
    el.copied.textContent = "";
    el.dialog.showModal();
    el.code.focus();
    el.code.select();
  });
  el.copy.addEventListener("click", copyCode);
  el.close.addEventListener("click", () => el.dialog.close());
}
