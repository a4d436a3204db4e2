// The filter panel's checklists (actors, event types, countries), the link's other filters as
// chips, and the count of active filters. Their inputs carry the state's names and values
// (name="actor" value="islamic-state"): map.js listens to the form for every change.

import { h, syncChildren } from "../lib/dom.js";
import { countryName, swatch } from "./data.js";
import { config, ui } from "./page.js";
import { store } from "./store.js";

// Built once per value and kept, so a focused checkbox survives the list being refreshed.
const actorItems = new Map(); // slug -> {li, input, n, alias}
const typeItems = new Map();
const countryItems = new Map();

function checkItem(name, value, id, labelChildren) {
  const input = h("input", { type: "checkbox", id, name, value });
  const label = h("label", { for: id }, labelChildren);
  return { li: h("li", {}, input, label), input, label };
}

/** An item's count (none while it is not known) and tick; an unticked 0 is greyed. */
function showItem(item, n, checked) {
  item.n.textContent = n === null ? "" : n.toLocaleString("en");
  item.input.checked = checked;
  item.li.classList.toggle("zero", n === 0 && !checked);
}

function actorItem(slug) {
  let item = actorItems.get(slug);
  if (item) return item;
  const actor = store.actorInfo.get(slug) || { slug, name: slug };
  const n = h("span", { class: "n" });
  const alias = h("span", { class: "alias" });
  const made = checkItem("actor", slug, `actor-${actorItems.size}`, [
    swatch(slug),
    h("span", { class: "name", text: actor.name }),
    alias,
    n,
  ]);
  item = { ...made, n, alias };
  actorItems.set(slug, item);
  return item;
}

/** Every actor in the unfiltered list's order, then the selected and the facet's others. */
function actorSlugs() {
  const slugs = [...store.actorOrder];
  for (const slug of store.state.actor) if (!slugs.includes(slug)) slugs.push(slug);
  for (const slug of store.actorFacet.keys()) if (!slugs.includes(slug)) slugs.push(slug);
  return slugs;
}

/**
 * The actor list: every actor, or, while the search box has text, the actors the server's last
 * answer names (data.js, searchActors), best match first, each with the alias it matched by
 * (none when its name did). The browser does not match names itself: one rule, the server's.
 */
export function renderActors() {
  const found = ui.actorSearch.value.trim() && store.actorSearch;
  const entries = found ? found.matches : actorSlugs().map((slug) => [slug, ""]);
  const nodes = [];
  for (const [slug, alias] of entries) {
    const item = actorItem(slug);
    showItem(item, store.actorFacet.get(slug) || 0, store.state.actor.includes(slug));
    item.alias.textContent = alias ? ` (${alias})` : "";
    nodes.push(item.li);
  }
  syncChildren(ui.actorList, nodes);
  ui.actorEmpty.hidden = nodes.length > 0;
}

export function buildTypes() {
  Object.keys(config.taxonomy).forEach((type, i) => {
    const n = h("span", { class: "n" });
    const made = checkItem("event_type", type, `type-${i}`, [h("span", { class: "name", text: type }), n]);
    typeItems.set(type, { ...made, n });
    ui.typeList.append(made.li);
  });
}

/** Counts per type (null while server mode waits for /api/facets.json: none are shown). */
export function renderTypes(counts) {
  for (const [type, item] of typeItems) {
    showItem(item, counts ? counts.get(type) || 0 : null, store.state.event_type.includes(type));
  }
  ui.facetHint.hidden = counts !== null;
}

function countryItem(code) {
  let item = countryItems.get(code);
  if (item) return item;
  const n = h("span", { class: "n" });
  const id = `country-${code.replace(/[^A-Za-z0-9]/g, "_")}`;
  const made = checkItem("country", code, id, [h("span", { class: "name", text: countryName(code) }), n]);
  item = { ...made, n };
  countryItems.set(code, item);
  return item;
}

/** Every country seen in an answer, by name; counts as for renderTypes. */
export function renderCountries(counts) {
  const codes = new Set([...store.knownCountries, ...store.state.country]);
  const sorted = [...codes].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  const nodes = sorted.map((code) => {
    const item = countryItem(code);
    showItem(item, counts ? counts.get(code) || 0 : null, store.state.country.includes(code));
    return item.li;
  });
  syncChildren(ui.countryList, nodes);
  ui.countryEmpty.hidden = nodes.length > 0;
  ui.countryEmpty.textContent = counts ? "No located events." : "Counting…";
}

/** The link's filters the panel has no control for; each chip's button removes its filter. */
export function renderExtra() {
  const { extra } = store.state;
  ui.extra.hidden = extra.length === 0;
  ui.extraList.replaceChildren(
    ...extra.map(([name, value], i) =>
      h(
        "li",
        { class: "chip" },
        h("span", { text: `${name} = ${value}` }),
        h("button", {
          type: "button",
          class: "chip-remove",
          "aria-label": `Remove the filter ${name} = ${value}`,
          text: "×",
          dataset: { index: String(i) },
        }),
      ),
    ),
  );
}

/** The search box (unless the user is in it) and the badge counting the active filters. */
export function renderFilterSummary() {
  const { state } = store;
  if (document.activeElement !== ui.q) ui.q.value = state.q;
  const active =
    state.actor.length +
    state.event_type.length +
    state.country.length +
    state.extra.length +
    (state.q ? 1 : 0) +
    (state.date_from || state.date_to ? 1 : 0);
  ui.activeFilters.hidden = active === 0;
  ui.activeFilters.textContent = `${active} active`;
}
