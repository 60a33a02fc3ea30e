// Shared by the in-process harness and the child process it kills; kept apart so the child loads no emulator.
export const PAIR = 'p';
/** Small chunks so a few hundred KiB already make a multi-request upload session. */
export const CHUNK = 320 * 1024;
