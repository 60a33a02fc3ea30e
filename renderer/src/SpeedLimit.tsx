// The values are the service's saved text (rclone's form, as the service writes it back), so a saved limit
// shows as the choice it came from.
const PRESETS: [string, string][] = [
  ['off', 'no limit'],
  ['1Mi:4Mi', '1 MB/s up, 4 MB/s down'],
  ['4Mi:16Mi', '4 MB/s up, 16 MB/s down'],
  ['10Mi', '10 MB/s each way'],
];
const CUSTOM = '\u0000custom';

/**
 * The transfer speed limit of every account: a few choices, the saved value when it is none of them, and
 * "other" opening a field (SpeedLimitForm, placed by the caller) for anything rclone's --bwlimit takes.
 * `editing` is that field's text, or null while it is closed.
 */
export function SpeedLimit({ value, onChange, editing, setEditing }: {
  value: string; onChange(v: string): void; editing: string | null; setEditing(v: string | null): void;
}) {
  const known = PRESETS.some(([v]) => v === value);
  return (
    <label className="inline-label">Speed <select aria-label="Transfer speed limit" value={editing === null ? value : CUSTOM} onChange={(e) => {
      if (e.target.value === CUSTOM) setEditing(known ? '' : value);
      else {
        setEditing(null);
        onChange(e.target.value);
      }
    }}>
      {PRESETS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
      {!known && <option value={value}>{value}</option>}
      <option value={CUSTOM}>other, or by the hour…</option>
    </select></label>
  );
}

/** The field for a rate or a timetable ("08:00,512k 18:00,off"), shown while `editing` is not null. */
export function SpeedLimitForm({ editing, setEditing, onChange }: { editing: string; setEditing(v: string | null): void; onChange(v: string): void }) {
  return (
    <form className="inline-form" onSubmit={(e) => {
      e.preventDefault();
      if (!editing.trim()) return;
      setEditing(null);
      onChange(editing.trim());
    }}>
      <span className="field-label">Speed limit for every transfer</span>
      <span className="field-row">
        <input aria-label="Speed limit or timetable" placeholder="08:00,512k 18:00,10M 23:00,off" value={editing} onChange={(e) => setEditing(e.target.value)} />
        <button type="submit">Set</button>
      </span>
      <span className="detail">A rate like 2M, UP:DOWN like 1M:4M, or times of day (local) with a rate each; a day like Mon-08:00 too.</span>
    </form>
  );
}
