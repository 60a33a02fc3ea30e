// The values are the service's saved text (rclone's form, as formatBwLimit writes it), so a saved limit
// shows as the choice it came from.
const PRESETS: [string, string][] = [
  ['off', 'no limit'],
  ['1Mi:4Mi', '1 MB/s up, 4 MB/s down'],
  ['4Mi:16Mi', '4 MB/s up, 16 MB/s down'],
  ['10Mi', '10 MB/s each way'],
];

/** The transfer speed limit of every account: a few choices, and the saved value when it is none of them. */
export function SpeedLimit({ value, onChange }: { value: string; onChange(v: string): void }) {
  const known = PRESETS.some(([v]) => v === value);
  return (
    <label>Speed <select aria-label="Transfer speed limit" value={value} onChange={(e) => onChange(e.target.value)}>
      {PRESETS.map(([v, label]) => <option key={v} value={v}>{label}</option>)}
      {!known && <option value={value}>{value}</option>}
    </select></label>
  );
}
