// An event's popup on the map (when, what, where, who, and the source's words) and its hover
// tooltip. The popup fits the map on any screen: as wide as the map leaves beside the zoom
// buttons, its long text scrolling in a body of its own, so the event link under it stays in
// view (issue 16: on a phone the popup slid under the zoom buttons and its link below the fold).

import { formatDay, formatSpan, PRECISION } from "../lib/dates.js";
import { h, safeHref } from "../lib/dom.js";
import { countryName, eventHref, swatch } from "./data.js";

const ROLE_NAMES = {
  actor1: "Actor 1",
  actor2: "Actor 2",
  assoc1: "With actor 1",
  assoc2: "With actor 2",
};

const known = (n) => n !== null && n !== undefined;

// Room the zoom buttons take at the map's top left, and a margin on every side.
const CONTROLS_W = 54;
const MARGIN = 10;
// The popup's parts around its scrolling body (the date, title and type above, the link below,
// Leaflet's margins and tip) and the marker under it: the whole must fit the map, or the pan
// into view would push the marker out, and the cluster layer would drop it and its popup.
const POPUP_CHROME_H = 230;

/** Leaflet's popup options for a map element of the current size. */
export function popupOptions(mapEl) {
  const room = mapEl.clientWidth - CONTROLS_W - 2 * MARGIN - 40; // 40: the popup's own margins
  const maxWidth = Math.max(160, Math.min(340, room));
  return {
    maxWidth,
    minWidth: Math.min(240, maxWidth),
    autoPanPaddingTopLeft: [CONTROLS_W + MARGIN, MARGIN],
    autoPanPaddingBottomRight: [MARGIN, MARGIN],
  };
}

function where(p) {
  return [p.place, countryName(p.country)].filter(Boolean).join(", ") || "unknown";
}

/** The hover tooltip (and a focused marker's name): place, date, type. */
export function tooltipContent(ev) {
  const p = ev.p;
  return h("span", { class: "tooltip-text", text: `${where(p)} · ${formatSpan(p.date, p.end_date)} · ${p.sub_event_type}` });
}

/** The popup; `mapHeight` bounds its scrolling body so the whole popup fits the map. */
export function popupContent(ev, mapHeight = 600) {
  const p = ev.p;
  const precision = PRECISION[p.date_precision] || "date";
  const bodyHeight = Math.max(80, Math.round(mapHeight * 0.9 - POPUP_CHROME_H));
  return h(
    "article",
    { class: "popup", "aria-label": `${p.sub_event_type}, ${p.date}` },
    h(
      "p",
      { class: "popup-when" },
      h("time", { datetime: p.date, text: formatSpan(p.date, p.end_date) }),
      h("span", { class: "muted", text: ` (${precision})` }),
    ),
    h("h3", { class: "popup-title", text: p.sub_event_type }),
    h("p", { class: "popup-type", text: p.event_type }),
    h(
      "div",
      { class: "popup-body", style: { maxHeight: `${Math.min(bodyHeight, 360)}px` } },
      h(
        "dl",
        { class: "popup-facts" },
        h("dt", { text: "Place" }),
        h("dd", { text: where(p) }),
        h("dt", { text: "Fatalities" }),
        h("dd", { text: known(p.fatalities) ? String(p.fatalities) : "unknown" }),
      ),
      popupActors(p.actors),
      h("p", { class: "popup-summary", text: p.summary }),
      popupSource(p),
    ),
    h("a", { class: "popup-link", href: eventHref(p) }, "Event page", h("span", { "aria-hidden": "true", text: " →" })),
  );
}

function popupActors(actors) {
  if (!actors.length) return h("p", { class: "muted", text: "No actors recorded." });
  return h(
    "ul",
    { class: "popup-actors" },
    actors.map((a) =>
      h(
        "li",
        {},
        swatch(a.slug),
        h("span", { class: "popup-actor", text: a.name }),
        h("span", { class: "role", text: ROLE_NAMES[a.role] || a.role }),
      ),
    ),
  );
}

/** The quote and the event's sources (several when more than one report tells of it), each
 * linked when its URL is http(s). */
function popupSource(p) {
  const sources = p.sources && p.sources.length ? p.sources : p.source ? [p.source] : [];
  if (!p.quote && !sources.length) return null;
  const captions = [];
  sources.forEach((source, i) => {
    if (i) captions.push("; ");
    captions.push(...sourceCaption(source));
  });
  const label = sources.length > 1 ? `Sources (${sources.length}): ` : "Source: ";
  return h(
    "figure",
    { class: "popup-source" },
    p.quote ? h("blockquote", { text: p.quote }) : null,
    captions.length ? h("figcaption", {}, label, captions) : null,
  );
}

function sourceCaption(source) {
  const href = safeHref(source.url);
  const caption = [
    href
      ? h("a", { href, rel: "noopener noreferrer", target: "_blank", text: source.title })
      : h("cite", { text: source.title }),
  ];
  if (source.publisher) caption.push(`, ${source.publisher}`);
  if (source.date) caption.push(`, ${formatDay(source.date)}`);
  return caption;
}
