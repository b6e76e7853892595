// `Date#toISOString` by arithmetic: its first call sets up V8's date cache (timezone data), a millisecond of every shim call.

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * The UTC time `ms` as `YYYY-MM-DDTHH:mm:ss.sssZ`, exactly what `new Date(ms).toISOString()` gives
 * (days to civil date: H. Hinnant's algorithm). Outside years 0–9999 it is left to `Date`.
 */
export function isoTimeOf(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const inDay = ms - days * 86_400_000;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (!Number.isInteger(ms) || year < 0 || year > 9999) return new Date(ms).toISOString();
  const time = [Math.floor(inDay / 3_600_000), Math.floor(inDay / 60_000) % 60, Math.floor(inDay / 1000) % 60];
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${time.map((n) => pad(n, 2)).join(':')}.${pad(inDay % 1000, 3)}Z`;
}
