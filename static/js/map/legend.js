// The map's legend: what the markers' colour says (the primary actors of the events drawn, or
// with actors chosen the role they play: roles.js), the marker sizes.

import { h } from "../lib/dom.js";
import { nameOf, swatch } from "./data.js";
import { map } from "./layers.js";
import { narrow } from "./page.js";
import { colourMode, OTHER_ROLE, ROLE_COLOURS, roleOf } from "./roles.js";
import { store } from "./store.js";

const TOP = 8; // actors named; the rest are counted

const LegendControl = L.Control.extend({
  options: { position: "bottomright" },
  onAdd() {
    this.list = h("ul", { class: "legend-list" });
    const details = h(
      "details",
      { class: "legend" },
      h("summary", { text: "Legend" }),
      (this.heading = h("p", { class: "legend-heading", text: "Colour: primary actor" })),
      this.list,
      h(
        "p",
        { class: "legend-size" },
        h("span", { class: "legend-dot legend-dot-small", "aria-hidden": "true" }),
        h("span", { class: "legend-dot legend-dot-big", "aria-hidden": "true" }),
        " size: fatalities; ",
        h("span", { class: "legend-dot legend-dot-unknown", "aria-hidden": "true" }),
        " unknown",
      ),
    );
    details.open = !narrow.matches;
    L.DomEvent.disableClickPropagation(details);
    L.DomEvent.disableScrollPropagation(details);
    return details;
  },
  /** The events drawn (`shown`), or server mode's areas, which have no actors to show. */
  update(shown, areas = false) {
    const byRole = colourMode() === "role";
    this.heading.textContent = byRole ? `Colour: role of ${chosenNames()}` : "Colour: primary actor";
    const items = byRole ? roleItems(shown) : actorItems(shown);
    this.list.replaceChildren(...(areas ? areasItems(byRole) : items));
  },
});

function chosenNames() {
  const names = store.state.actor.map(nameOf);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names[0];
}

/** With actors chosen: each role they play in the events drawn, with its count. */
function roleItems(shown) {
  const counts = new Map();
  for (const ev of shown) {
    const role = roleOf(ev);
    counts.set(role.key, (counts.get(role.key) || 0) + 1);
  }
  const items = [...ROLE_COLOURS, OTHER_ROLE]
    .filter((role) => counts.has(role.key))
    .map((role) =>
      h(
        "li",
        { dataset: { role: role.key } },
        h("span", { class: "swatch", style: { backgroundColor: role.colour }, "aria-hidden": "true" }),
        h("span", { class: "legend-name", text: role.label }),
        h("span", { class: "legend-n", text: String(counts.get(role.key)) }),
      ),
    );
  if (!items.length) items.push(h("li", { class: "muted", text: "No events shown" }));
  return items;
}

function areasItems(byRole) {
  const then = byRole ? " Zoomed in, the events are coloured by role." : "";
  return [
    h("li", {
      class: "muted",
      text: `Zoomed out: numbers count the events in each area. Choose one to zoom in.${then}`,
    }),
  ];
}

function actorItems(shown) {
  const counts = new Map();
  for (const ev of shown) {
    const slug = ev.primary ? ev.primary.slug : "";
    counts.set(slug, (counts.get(slug) || 0) + 1);
  }
  const rows = [...counts].sort((a, b) => b[1] - a[1] || nameOf(a[0]).localeCompare(nameOf(b[0])));
  const rest = rows.slice(TOP).reduce((sum, [, n]) => sum + n, 0);
  const items = rows.slice(0, TOP).map(([slug, n]) =>
    h(
      "li",
      {},
      swatch(slug),
      h("span", { class: "legend-name", text: slug ? nameOf(slug) : "No actor 1" }),
      h("span", { class: "legend-n", text: String(n) }),
    ),
  );
  if (rest) items.push(h("li", { class: "muted" }, `${rows.length - TOP} more actors: ${rest}`));
  if (!items.length) items.push(h("li", { class: "muted", text: "No events shown" }));
  return items;
}

export const legend = new LegendControl();
legend.addTo(map);
