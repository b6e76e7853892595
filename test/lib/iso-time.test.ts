// The shim's log time is exactly Date#toISOString, for every kind of date it can meet.
import { describe, expect, it } from 'vitest';
import { isoTimeOf } from '../../src/lib/iso-time.ts';

describe('isoTimeOf', () => {
  it.each([
    0,
    -1,
    86_399_999,
    951_782_400_000, // 2000-02-29
    4_107_542_399_999, // 2100-02-28T23:59:59.999Z
    4_107_542_400_000, // 2100-03-01 (not a leap year)
    253_402_300_799_999, // 9999-12-31T23:59:59.999Z
    -62_167_219_200_000, // 0000-01-01
    Date.UTC(2026, 11, 5, 8, 30, 1, 7),
  ])('%d as Date does', (ms) => {
    expect(isoTimeOf(ms)).toBe(new Date(ms).toISOString());
  });

  it('agrees with Date on 20,000 times from 1900 to 2200, leap days and ends of months included', () => {
    const from = Date.UTC(1900, 0, 1);
    const span = Date.UTC(2200, 0, 1) - from;
    for (let i = 0; i < 20_000; i += 1) {
      const ms = from + Math.floor((((i * 2_654_435_761) % 20_000) / 20_000) * span) + (i % 1000);
      expect(isoTimeOf(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('leaves times outside years 0 to 9999, and non-integers, to Date', () => {
    for (const ms of [-62_167_219_200_001, 253_402_300_800_000, 1.5]) {
      expect(isoTimeOf(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
