export { execute } from './execute.js';
export type { ExecContext, ExecEvent, ExecReport } from './execute.js';
export { agreedRow } from './rows.js';
