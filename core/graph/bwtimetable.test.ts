import { describe, expect, it } from 'vitest';
import { BandwidthRegistry } from './bandwidth.js';
import type { BwClock } from './bandwidth.js';
import { parseBwTimetable } from './bwtimetable.js';

const KiB = 1024;
const MiB = 1024 * 1024;
const OFF = { up: null, down: null };
const both = (r: number) => ({ up: r, down: r });
// 2026-11-23 is a Monday; dates are local time, as the timetable is.
const at = (day: number, hh: number, mm: number, ss = 0) => new Date(2026, 10, 22 + day, hh, mm, ss);
const SUN = 0, MON = 1, WED = 3, SAT = 6;
const RCLONE_EXAMPLE = '08:00,512k 12:00,10M 13:00,512k 18:00,30M 23:00,off';

describe('parseBwTimetable (rclone --bwlimit timetables)', () => {
  it('reads daily slots, day slots, UP:DOWN per slot, semicolons, full day names, and a plain rate', () => {
    expect(parseBwTimetable(RCLONE_EXAMPLE).toString()).toBe('08:00,512Ki 12:00,10Mi 13:00,512Ki 18:00,30Mi 23:00,off');
    expect(parseBwTimetable('Mon-08:00,1M:off;saturday-00:00,off').toString()).toBe('Mon-08:00,1Mi:off Sat-00:00,off');
    expect(parseBwTimetable('8:30,512').slots).toEqual([{ day: null, minute: 8 * 60 + 30, limit: both(512 * KiB) }]);
    expect(parseBwTimetable('4M:8M').toString()).toBe('4Mi:8Mi');
    expect(parseBwTimetable(' off ').limitAt(at(MON, 9, 0))).toEqual(OFF);
    // What it prints, it reads back the same.
    for (const t of ['Mon-08:00,1Mi:off Sat-00:00,off', '08:00,512Ki 23:00,off', '10Mi']) expect(parseBwTimetable(parseBwTimetable(t).toString()).toString()).toBe(t);
  });

  it('refuses bad input with a message naming the bad slot', () => {
    const cases: [string, string][] = [
      ['08:00,512k 25:00,off', 'the slot "25:00,off" has no valid time: 25:00 is not between 00:00 and 23:59'],
      ['08:00,512k 12:60,off', 'the slot "12:60,off" has no valid time: 12:60 is not between 00:00 and 23:59'],
      ['08:00,512k noon,1M', 'the slot "noon,1M" has no valid time: write HH:MM, or DAY-HH:MM like Mon-08:00'],
      ['Fun-08:00,1M', 'the slot "Fun-08:00,1M" names no day of the week: "Fun" is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun'],
      ['08:00,fast 18:00,off', 'the slot "08:00,fast" has a bad rate "fast": use a rate like 10M or 512k, UP:DOWN (e.g. 1M:off), or off'],
      ['08:00 18:00,off', 'the slot "08:00" is not TIME,RATE'],
      ['08:00,1M,2M', 'the slot "08:00,1M,2M" is not TIME,RATE'],
      ['Mon-08:00,1M 08:00,2M', 'the slot "08:00,2M" starts when "Mon-08:00,1M" does'],
    ];
    for (const [text, why] of cases) {
      expect(() => parseBwTimetable(text, 'The bandwidth limit'), text).toThrow(`The bandwidth limit: ${why}. A timetable reads like "08:00,512k 12:00,10M Sat-00:00,off".`);
    }
    for (const plain of ['fast', '', '1M:2M:3M']) {
      expect(() => parseBwTimetable(plain)).toThrow(`--bwlimit takes a rate like 10M or 512k, UP:DOWN (e.g. 1M:off), or a timetable like "08:00,512k 18:00,off"; got "${plain}".`);
    }
  });
});

describe('the slot in force', () => {
  it('daily slots: the latest slot begun today, else the last one of the day before', () => {
    const t = parseBwTimetable(RCLONE_EXAMPLE);
    expect(t.limitAt(at(WED, 7, 59))).toEqual(OFF);
    expect(t.limitAt(at(WED, 8, 0))).toEqual(both(512 * KiB));
    expect(t.limitAt(at(WED, 12, 30))).toEqual(both(10 * MiB));
    expect(t.limitAt(at(WED, 13, 0))).toEqual(both(512 * KiB));
    expect(t.limitAt(at(SAT, 22, 59))).toEqual(both(30 * MiB));
    expect(t.limitAt(at(SUN, 23, 0))).toEqual(OFF);
  });

  it('day slots: the week wraps, so Sunday morning is still Saturday\'s slot', () => {
    const t = parseBwTimetable('Mon-00:00,512 Fri-23:59,10M Sat-10:00,1M:off Sun-20:00,off');
    expect(t.limitAt(at(WED, 12, 0))).toEqual(both(512 * KiB));
    expect(t.limitAt(at(SAT, 9, 59))).toEqual(both(10 * MiB));
    expect(t.limitAt(at(SAT, 10, 0))).toEqual({ up: MiB, down: null });
    expect(t.limitAt(at(SUN, 0, 0))).toEqual({ up: MiB, down: null });
    expect(t.limitAt(at(SUN, 20, 0))).toEqual(OFF);
    expect(t.limitAt(at(MON, 0, 0))).toEqual(both(512 * KiB));
  });

  it('the next switch: later today, tomorrow, or next week; never for a plain rate', () => {
    const daily = parseBwTimetable(RCLONE_EXAMPLE);
    expect(daily.nextChange(at(WED, 7, 59, 30))).toEqual(at(WED, 8, 0));
    expect(daily.nextChange(at(WED, 8, 0))).toEqual(at(WED, 12, 0));
    expect(daily.nextChange(at(SAT, 23, 30))).toEqual(at(SAT + 1, 8, 0));
    const weekly = parseBwTimetable('Mon-08:00,1M Fri-18:00,off');
    expect(weekly.nextChange(at(SAT, 12, 0))).toEqual(at(MON + 7, 8, 0));
    expect(weekly.nextChange(at(MON, 8, 0))).toEqual(at(MON + 4, 18, 0));
    expect(parseBwTimetable('10M').nextChange(at(MON, 8, 0))).toBeNull();
    expect(parseBwTimetable('08:00,1M 20:00,1M').nextChange(at(MON, 8, 0))).toBeNull();
  });
});

/** A clock the test moves by hand, keeping the timers the registry sets. */
function fakeClock(start: Date) {
  let now = start.getTime();
  const timers = new Map<number, { fn: () => void; due: number }>();
  let ids = 0;
  const clock: BwClock = {
    now: () => new Date(now),
    setTimer: (fn, ms) => { timers.set(++ids, { fn, due: now + ms }); return ids; },
    clearTimer: (id) => { timers.delete(id as number); },
  };
  return {
    clock,
    timers,
    /** Moves to `to`, firing each timer due by then (as the event loop would). */
    advance(to: Date) {
      for (;;) {
        const next = [...timers.entries()].sort((a, b) => a[1].due - b[1].due)[0];
        if (!next || next[1].due > to.getTime()) break;
        timers.delete(next[0]);
        now = next[1].due;
        next[1].fn();
        expect(timers.size).toBeLessThanOrEqual(1);
      }
      now = to.getTime();
    },
  };
}

describe('BandwidthRegistry with a timetable', () => {
  it('applies the slot in force now and switches every account at each slot boundary, with one timer', () => {
    const c = fakeClock(at(WED, 7, 59, 30));
    const reg = new BandwidthRegistry(c.clock);
    const early = reg.for('early');
    reg.setAll(parseBwTimetable(RCLONE_EXAMPLE));
    expect(early.current()).toEqual(OFF);
    expect(c.timers.size).toBe(1);
    expect([...c.timers.values()][0]!.due).toBe(at(WED, 8, 0).getTime());

    c.advance(at(WED, 8, 0));
    expect(early.up.rate).toBe(512 * KiB);
    expect(reg.for('signed-in-later').down.rate).toBe(512 * KiB);
    expect(reg.fallbackLimit()).toEqual(both(512 * KiB));
    c.advance(at(WED, 12, 0, 1));
    expect(early.up.rate).toBe(10 * MiB);
    c.advance(at(WED, 23, 30));
    expect(early.current()).toEqual(OFF);
    c.advance(at(WED + 1, 8, 0));
    expect(early.up.rate).toBe(512 * KiB);
    expect(c.timers.size).toBe(1);
  });

  it('an account\'s own timetable switches on its own times; a plain limit needs no timer; close stops the timer', () => {
    const c = fakeClock(at(MON, 17, 0));
    const reg = new BandwidthRegistry(c.clock);
    reg.setAll({ up: MiB, down: MiB });
    expect(c.timers.size).toBe(0);
    reg.setAccount('work', parseBwTimetable('Mon-09:00,2M:off Mon-18:00,off'));
    expect(reg.for('work').current()).toEqual({ up: 2 * MiB, down: null });
    expect(reg.for('home').current()).toEqual(both(MiB));
    c.advance(at(MON, 18, 0));
    expect(reg.for('work').current()).toEqual(OFF);
    expect(reg.for('home').current()).toEqual(both(MiB));
    reg.close();
    expect(c.timers.size).toBe(0);
    c.advance(at(MON + 7, 9, 30));
    expect(reg.for('work').current()).toEqual(OFF);
    // Setting a limit again starts switching again.
    reg.setAll(parseBwTimetable('09:00,1M 18:00,off'));
    expect(reg.for('work').current()).toEqual(both(MiB));
    expect(c.timers.size).toBe(1);
  });

  it('waits at most five minutes at a time (timers stop while the computer sleeps), with a timer that never holds the process', () => {
    const c = fakeClock(at(MON, 9, 0));
    const reg = new BandwidthRegistry(c.clock);
    reg.setAll(parseBwTimetable('08:00,1M 18:00,off'));
    expect([...c.timers.values()][0]!.due - at(MON, 9, 0).getTime()).toBe(5 * 60_000);

    const real = new BandwidthRegistry();
    real.setAll(parseBwTimetable('08:00,1M 18:00,off'));
    const timer = (real as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
    real.close();
    expect((real as unknown as { timer: unknown }).timer).toBeUndefined();
  });
});
