import { formatBwLimit, parseBwLimit } from './bandwidth.js';
import type { BwLimit, BwSchedule } from './bandwidth.js';
import { GraphError } from './errors.js';

const DAY = 24 * 60;
const WEEK = 7 * DAY;
const SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** One slot as written: from `minute` (into the day) of `day` (0 = Sunday; null: every day) on, `limit`. */
export interface BwSlot {
  day: number | null;
  minute: number;
  limit: BwLimit;
}

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * rclone's bandwidth timetable ("08:00,512k 18:00,off", "Mon-08:00,1M:off"), in local time. A slot lasts until
 * the next one; before the week's first slot, the week's last one is still in force (it wraps around).
 * A plain rate is a timetable of one slot that never changes.
 */
export class BwTimetable implements BwSchedule {
  /** Every slot's start in minutes from Sunday 00:00 (a daily slot once per day), sorted. */
  private readonly starts: { at: number; limit: BwLimit }[];
  private readonly changes: boolean;

  constructor(readonly slots: readonly BwSlot[], private readonly plain = false) {
    this.starts = slots
      .flatMap((s) => (s.day === null ? [0, 1, 2, 3, 4, 5, 6] : [s.day]).map((d) => ({ at: d * DAY + s.minute, limit: s.limit })))
      .sort((a, b) => a.at - b.at);
    const first = this.starts[0]?.limit;
    this.changes = this.starts.some((s) => s.limit.up !== first?.up || s.limit.down !== first?.down);
  }

  static constant(limit: BwLimit): BwTimetable {
    return new BwTimetable([{ day: null, minute: 0, limit }], true);
  }

  limitAt(when: Date): BwLimit {
    const now = minuteOfWeek(when);
    let current = this.starts[this.starts.length - 1]!;
    for (const s of this.starts) if (s.at <= now) current = s;
    return { ...current.limit };
  }

  /** When the next slot begins; null when the limit never changes. */
  nextChange(when: Date): Date | null {
    if (!this.changes) return null;
    const now = minuteOfWeek(when);
    const next = this.starts.find((s) => s.at > now);
    const at = next ? next.at : this.starts[0]!.at + WEEK;
    const days = Math.floor(at / DAY) - when.getDay();
    // Built from the local date, so a daylight-saving change in between moves nothing.
    const d = new Date(when.getFullYear(), when.getMonth(), when.getDate() + days, Math.floor((at % DAY) / 60), at % 60);
    return d.getTime() > when.getTime() ? d : new Date(when.getTime() + 60_000);
  }

  /** As parseBwTimetable reads it back: "off", "4Mi:8Mi", "08:00,512Ki Mon-18:00,off". */
  toString(): string {
    if (this.plain) return formatBwLimit(this.slots[0]!.limit);
    return this.slots.map((s) => `${s.day === null ? '' : `${SHORT[s.day]}-`}${hhmm(s.minute)},${formatBwLimit(s.limit)}`).join(' ');
  }
}

function minuteOfWeek(d: Date): number {
  return d.getDay() * DAY + d.getHours() * 60 + d.getMinutes();
}

const FORM = 'a rate like 10M or 512k, UP:DOWN (e.g. 1M:off), or a timetable like "08:00,512k 18:00,off"';

/**
 * rclone's --bwlimit, timetables included: slots `[DAY-]HH:MM,RATE` apart by spaces or semicolons, DAY being
 * Mon..Sun (or Monday..Sunday), RATE anything a plain --bwlimit takes. A bad slot is named in the message.
 */
export function parseBwTimetable(text: string, what = '--bwlimit'): BwTimetable {
  const t = text.trim();
  if (!/[\s;,]/.test(t)) {
    try {
      return BwTimetable.constant(parseBwLimit(t, what));
    } catch {
      throw invalid(`${what} takes ${FORM}; got "${text}".`);
    }
  }
  const slots: BwSlot[] = [];
  const seen = new Map<number, string>();
  for (const tok of t.split(/[\s;]+/).filter(Boolean)) {
    const bad = (why: string) => invalid(`${what}: the slot "${tok}" ${why}. A timetable reads like "08:00,512k 12:00,10M Sat-00:00,off".`);
    const parts = tok.split(',');
    if (parts.length !== 2) throw bad('is not TIME,RATE');
    const m = /^(?:([A-Za-z]+)-)?(\d{1,2}):(\d{2})$/.exec(parts[0]!);
    if (!m) throw bad('has no valid time: write HH:MM, or DAY-HH:MM like Mon-08:00');
    const [hh, mm] = [Number(m[2]), Number(m[3])];
    if (hh > 23 || mm > 59) throw bad(`has no valid time: ${parts[0]} is not between 00:00 and 23:59`);
    let day: number | null = null;
    if (m[1] !== undefined) {
      const name = m[1].toLowerCase();
      day = LONG.findIndex((l) => l === name || l.slice(0, 3) === name);
      if (day < 0) throw bad(`names no day of the week: "${m[1]}" is not one of Mon, Tue, Wed, Thu, Fri, Sat, Sun`);
    }
    let limit: BwLimit;
    try {
      limit = parseBwLimit(parts[1]!);
    } catch {
      throw bad(`has a bad rate "${parts[1]}": use a rate like 10M or 512k, UP:DOWN (e.g. 1M:off), or off`);
    }
    const minute = hh * 60 + mm;
    for (const d of day === null ? [0, 1, 2, 3, 4, 5, 6] : [day]) {
      const earlier = seen.get(d * DAY + minute);
      if (earlier !== undefined) throw bad(`starts when "${earlier}" does`);
      seen.set(d * DAY + minute, tok);
    }
    slots.push({ day, minute, limit });
  }
  if (slots.length === 0) throw invalid(`${what} takes ${FORM}; got "${text}".`);
  return new BwTimetable(slots);
}

function invalid(message: string): GraphError {
  return new GraphError({ kind: 'invalid', code: 'invalidOption', message });
}
