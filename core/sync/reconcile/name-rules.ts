import { onedriveEncoder } from '../../names/encoder.js';
import type { NameRules } from './types.js';

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.[^.]*)?$/i;

/**
 * OneDrive's name rules over core/names' rclone-compatible encoder. The encoding cannot fix reserved names
 * (`CON`, `desktop.ini`, `_vti_`, `.lock`), so those are refused with the reason.
 */
export const onedriveNameRules: NameRules = {
  encode: (name) => onedriveEncoder.encode(name),
  roundTrips: (name) => onedriveEncoder.roundTrips(name),
  refuse(name, atRoot) {
    if (RESERVED.test(name)) return 'this name is reserved by Windows and OneDrive refuses it.';
    const lower = name.toLowerCase();
    if (lower === 'desktop.ini' || lower === '.lock') return 'OneDrive refuses this name.';
    if (lower.includes('_vti_')) return 'OneDrive refuses names containing "_vti_".';
    if (atRoot && lower === 'forms') return 'OneDrive refuses "forms" at the top of a library.';
    return null;
  },
};
