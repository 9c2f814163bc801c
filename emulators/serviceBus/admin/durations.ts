// ISO 8601 durations as the administration API writes them (`PT1M`, `PT30S`, `P10675199DT2H48M5.4775807S`,
// .NET's TimeSpan.MaxValue for "never"), to and from milliseconds.

/** TimeSpan.MaxValue: what Service Bus reports for a time-to-live or auto-delete that never happens. */
export const neverDuration = 'P10675199DT2H48M5.4775807S';
const neverInMs = 922_337_203_685_477;

const pattern = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds, or undefined when the text is not a day-time duration. */
export function durationToMs(text: string): number | undefined {
  const match = pattern.exec(text.trim());
  if (!match || text.trim() === 'P' || text.trim().endsWith('T')) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  const ms = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60_000 + Number(seconds) * 1000;
  return Math.round(ms);
}

export function msToDuration(ms: number): string {
  if (ms >= neverInMs) return neverDuration;
  let rest = Math.round(ms);
  const days = Math.floor(rest / 86_400_000);
  rest -= days * 86_400_000;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${rest ? `${rest / 1000}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}
