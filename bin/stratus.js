#!/usr/bin/env node
// Launcher: runs the built CLI from dist/, or the TypeScript source through tsx when there is no build.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'dist', 'core', 'cli', 'main.js');

async function load() {
  if (existsSync(built)) return import(pathToFileURL(built).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, 'core', 'cli', 'main.ts')).href);
}

const { run } = await load();
process.exitCode = await run(process.argv.slice(2));
