// The map's legend: the colours of the primary actors of the events drawn, the marker sizes.

import { h } from "../lib/dom.js";
import { nameOf, swatch } from "./data.js";
import { map } from "./layers.js";
import { narrow } from "./page.js";

const TOP = 8; // actors named; the rest are counted

const LegendControl = L.Control.extend({
  options: { position: "bottomright" },
  onAdd() {
    this.list = h("ul", { class: "legend-list" });
    const details = h(
      "details",
      { class: "legend" },
      h("summary", { text: "Legend" }),
      h("p", { class: "legend-heading", text: "Colour: primary actor" }),
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
    this.list.replaceChildren(...(areas ? areasItems() : actorItems(shown)));
  },
});

function areasItems() {
  return [
    h("li", {
      class: "muted",
      text: "Zoomed out: numbers count the events in each area. Choose one to zoom in.",
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
