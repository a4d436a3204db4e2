// The review queue's keyboard (events/admin_review.py): j/k or the arrows move the current row,
// v verifies it, r rejects it, n goes to the next draft (the next page after the last), o or
// Enter opens it. Verify and reject post the admin's own action form (its CSRF token, its
// actions, which call the services), so a refusal comes back as the admin's message. Without
// this script the queue still works: the checkboxes and the action menu are the admin's.

const legend = document.getElementById("cm-review-keys");
const form = document.getElementById("changelist-form");
// The row to come back to after an action reloads the page (the next draft has moved into it).
const ROW_KEY = "cm-review-row";

function rows() {
  return [...document.querySelectorAll("#result_list tbody tr")];
}

let current = -1;
let busy = false;

function select(index) {
  const all = rows();
  if (!all.length) return;
  current = Math.max(0, Math.min(index, all.length - 1));
  all.forEach((row, i) => {
    row.classList.toggle("cm-current", i === current);
    if (i === current) row.setAttribute("aria-current", "true");
    else row.removeAttribute("aria-current");
  });
  all[current].scrollIntoView({ block: "nearest" });
}

// Keys typed into the search box, the action menu or any field are the field's.
function typing(target) {
  return (
    target instanceof Element &&
    (target.closest("input, textarea, select, [contenteditable]") !== null ||
      target.isContentEditable)
  );
}

// Post the admin action `name` for the current row alone.
function act(name) {
  const row = rows()[current];
  const menu = form?.querySelector("select[name=action]");
  if (busy || !row || !menu || ![...menu.options].some((o) => o.value === name)) return;
  for (const box of form.querySelectorAll("input.action-select")) box.checked = false;
  const box = row.querySelector("input.action-select");
  if (!box) return;
  box.checked = true;
  menu.value = name;
  busy = true;
  sessionStorage.setItem(ROW_KEY, String(current));
  form.requestSubmit(form.querySelector("button[name=index]") ?? undefined);
}

function open() {
  const link = rows()[current]?.querySelector("a.cm-open");
  if (link) window.location.assign(link.href);
}

function next() {
  if (current < rows().length - 1) {
    select(current + 1);
    return;
  }
  const page = document.querySelector(".paginator .this-page + a, .paginator [aria-current=page] + a");
  if (page) window.location.assign(page.href);
}

const KEYS = {
  j: () => select(current + 1),
  ArrowDown: () => select(current + 1),
  k: () => select(current - 1),
  ArrowUp: () => select(current - 1),
  n: next,
  o: open,
  Enter: open,
  v: () => act(legend.dataset.verify),
  r: () => act(legend.dataset.reject),
};

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  // Enter on a link or a button is theirs; on the page it opens the current row.
  const control = event.target instanceof Element && event.target.closest("a, button, summary");
  if (event.key === "Enter" && control) return;
  const handler = Object.hasOwn(KEYS, event.key) ? KEYS[event.key] : null;
  if (!handler) return;
  event.preventDefault();
  handler();
}

if (legend && form) {
  const kept = Number(sessionStorage.getItem(ROW_KEY));
  sessionStorage.removeItem(ROW_KEY);
  select(Number.isInteger(kept) ? kept : 0);
  document.addEventListener("keydown", onKey);
  // A click on a row (not on its links or its checkbox) makes it the current one.
  form.addEventListener("click", (event) => {
    const row = event.target.closest("#result_list tbody tr");
    if (row && !event.target.closest("a, input, summary")) select(rows().indexOf(row));
  });
  legend.dataset.ready = "true"; // the browser tests wait for it
}
