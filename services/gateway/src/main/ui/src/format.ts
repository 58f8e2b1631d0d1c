/** How numbers, money and times read in the console (UTC throughout, like the ledger). */

const usdFormat = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 4 });
const integerFormat = new Intl.NumberFormat('en-US');

export function usd(value: number): string {
  return usdFormat.format(value);
}

export function integer(value: number): string {
  return integerFormat.format(value);
}

/** A compact axis label: 1.2k, 3.4M. */
export function compact(value: number): string {
  return new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 }).format(value);
}

/** YYYY-MM-DD of a UNIX time in seconds, UTC. */
export function dateOf(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 10);
}

/** Today, or `days` later (negative: earlier), as YYYY-MM-DD in UTC. */
export function isoDay(days = 0, from = new Date()): string {
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + days));
  return day.toISOString().slice(0, 10);
}

/** Every day from start to end inclusive (both YYYY-MM-DD), at most `max` of them. */
export function daysBetween(start: string, end: string, max = 366): string[] {
  const days: string[] = [];
  const cursor = new Date(`${start}T00:00:00Z`);
  const last = new Date(`${end}T00:00:00Z`);
  while (cursor <= last && days.length < max) {
    days.push(cursor.toISOString().slice(0, 10));
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return days;
}
