// What the page knows of events, actors and countries, gathered from every answer, and the
// names and colours it shows for them.

import { toDay } from "../lib/dates.js";
import { h, safeColour, safeHref } from "../lib/dom.js";
import { withQuery } from "../lib/state.js";
import { getJSON } from "./api.js";
import { api, config } from "./page.js";
import { store } from "./store.js";
import { prepareHistogram } from "./timeline.js";

const FALLBACK_COLOUR = "#6b7280";
const regionNames = safeRegionNames();

/** A GeoJSON feature as the page uses it, once per event id: its days and primary actor. */
function prepare(feature) {
  const id = feature.properties.id;
  let ev = store.eventsById.get(id);
  if (ev) return ev;
  const p = feature.properties;
  const [lng, lat] = feature.geometry.coordinates;
  const d0 = toDay(p.date);
  ev = {
    id,
    p,
    lat,
    lng,
    d0,
    d1: p.end_date ? toDay(p.end_date) : d0,
    primary: p.actors.find((a) => a.role === "actor1") || p.actors[0] || null,
  };
  store.eventsById.set(id, ev);
  for (const a of p.actors) {
    if (!store.actorInfo.has(a.slug)) store.actorInfo.set(a.slug, { slug: a.slug, name: a.name, aliases: [] });
  }
  return ev;
}

/** The located events of an answer, prepared, in time order (the list reads so). */
export function prepareEvents(features) {
  const events = features.filter((f) => f.geometry).map(prepare);
  events.sort((a, b) => a.d0 - b.d0 || a.id - b.id);
  for (const ev of events) if (ev.p.country) store.knownCountries.add(ev.p.country);
  return events;
}

/** The answers every filter brings in both modes: the histogram and the actor facet. */
export function takeFilterAnswers(timeline, actors) {
  store.hist = prepareHistogram(timeline);
  store.actorFacet = new Map(actors.actors.map((a) => [a.slug, a.count]));
  for (const a of actors.actors) if (!store.actorInfo.has(a.slug)) store.actorInfo.set(a.slug, { ...a });
}

/** The unfiltered actor list: every actor with located events, most events first. */
export function takeEveryActor(actors) {
  for (const a of actors) store.actorInfo.set(a.slug, { ...a });
  store.actorOrder = actors.map((a) => a.slug);
}

/**
 * Ask the server which actors a link's values name. It resolves names, aliases and other
 * spellings ("ISIS", "daesh", "Islamic State") by its own rules (events/selectors/actors.py),
 * so the page asks instead of matching names itself: /api/actors.json filtered by one value
 * has one selected actor, that value's. The answers are kept for `resolvedActors`.
 */
export async function resolveActorNames(values) {
  await Promise.all(values.map(resolveActorName));
}

async function resolveActorName(value) {
  const answer = await getJSON(withQuery(api.actors, [["actor", value]])).catch(() => null);
  const actor = answer && answer.actors.find((a) => a.selected);
  if (!actor) return;
  store.actorNames.set(value, actor.slug);
  if (!store.actorInfo.has(actor.slug)) store.actorInfo.set(actor.slug, { ...actor });
}

/**
 * Ask the server which actors the actor search box's text names, best first. It folds case,
 * accents and scripts and ranks a whole alias or whole words first, then a start, then the
 * inside of a word ("IS": Islamic State before Russia), by its own rules
 * (events/selectors/actors.py); the list shows its answer (panels.js, renderActors). An answer
 * to an older text arriving late is dropped.
 */
export async function searchActors(text) {
  store.actorSearchText = text;
  if (!text) {
    store.actorSearch = null;
    return;
  }
  const answer = await getJSON(withQuery(api.actors, [["search", text]])).catch(() => ({ actors: [] }));
  if (store.actorSearchText !== text) return;
  for (const a of answer.actors) if (!store.actorInfo.has(a.slug)) store.actorInfo.set(a.slug, { ...a });
  store.actorSearch = { text, matches: answer.actors.map((a) => [a.slug, a.match]) };
}

/**
 * Actor values as slugs, as the server resolved them (`resolveActorNames`). A value it does not
 * know stays as typed: the filter's 400 then names it. The page's own history entries name
 * actors by slug already.
 */
export function resolvedActors(values) {
  return [...new Set(values.map((v) => store.actorNames.get(v) ?? v))];
}

/**
 * Event types as the taxonomy spells them ("battles" -> "Battles"), as the API matches them.
 * This stays in the browser: client mode narrows the events by type itself, comparing names
 * exactly, and the type checkboxes are ticked by name.
 */
export function canonicalTypes(values) {
  const byLower = new Map(Object.keys(config.taxonomy).map((t) => [t.toLowerCase(), t]));
  return [...new Set(values.map((v) => byLower.get(v.toLowerCase()) ?? v))];
}

export function colourOf(slug) {
  const actor = slug && store.actorInfo.get(slug);
  return safeColour(actor && actor.colour, FALLBACK_COLOUR);
}

/** The actor's colour as a square beside its name (decoration only: hidden from readers). */
export function swatch(slug) {
  return h("span", { class: "swatch", style: { backgroundColor: colourOf(slug) }, "aria-hidden": "true" });
}

export function nameOf(slug) {
  const actor = store.actorInfo.get(slug);
  return actor ? actor.name : slug;
}

export function countryName(code) {
  if (!code) return "";
  try {
    return (regionNames && regionNames.of(code)) || code;
  } catch {
    return code;
  }
}

function safeRegionNames() {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" });
  } catch {
    return null;
  }
}

/** The event's page: the URL the answer gives for it if it is http(s), else its path here. */
export function eventHref(p) {
  return safeHref(p.url) || `/events/${encodeURIComponent(p.id)}/`;
}
