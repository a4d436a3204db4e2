// Calendar dates as whole UTC day numbers (days since 1970-01-01): no time zones, no DST.

const DAY_MS = 86400000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(text) {
  const m = ISO.exec(text || "");
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

export function toDay(iso) {
  return Math.round(Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10)) / DAY_MS);
}

export function fromDay(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The day `n` buckets (day, week or month) after `day`; months keep the day of the month. */
export function addBuckets(day, bucket, n) {
  if (bucket === "week") return day + 7 * n;
  if (bucket !== "month") return day + n;
  const d = new Date(day * DAY_MS);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + n;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(year, month, Math.min(d.getUTCDate(), last)) / DAY_MS);
}

const longFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});
const monthFormat = new Intl.DateTimeFormat("en-GB", {
  month: "short",
  year: "numeric",
  timeZone: "UTC",
});

/** "18 Jan 2017" */
export function formatDay(iso) {
  return iso ? longFormat.format(new Date(toDay(iso) * DAY_MS)) : "";
}

export function formatMonth(iso) {
  return monthFormat.format(new Date(toDay(iso) * DAY_MS));
}

/** ACLED time precision, as the event page words it. */
export const PRECISION = { 1: "day", 2: "within a week", 3: "within a month" };

/** "18 Jan 2017" or "1 Dec 2016 – 31 Dec 2016". */
export function formatSpan(date, endDate) {
  if (!endDate || endDate === date) return formatDay(date);
  return `${formatDay(date)} – ${formatDay(endDate)}`;
}
