import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The architecture's import rules live in eslint.config.js; these tests make sure they really bite.
const eslint = new ESLint();

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.message);
}

describe('lint keeps the architecture honest', () => {
  it('refuses Electron and React in core/ and emulator/', async () => {
    expect(await problems('core/sync/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual(
      expect.arrayContaining([expect.stringMatching(/no Electron here/)]),
    );
    expect(await problems('emulator/x.ts', "import { useState } from 'react';\nexport const s = useState;\n")).toEqual(
      expect.arrayContaining([expect.stringMatching(/no UI/)]),
    );
  });

  it('refuses a host folder in core/', async () => {
    expect(await problems('core/service/x.ts', "import { startHeadlessHost } from '../../headless/server.js';\nexport const s = startHeadlessHost;\n"))
      .toEqual(expect.arrayContaining([expect.stringMatching(/must not import a host/)]));
  });

  it('lets the renderer import types from core/, and nothing else', async () => {
    expect(await problems('renderer/src/x.ts', "import type { AppInfo } from '../../core/service/contract.js';\nexport type A = AppInfo;\n")).toEqual([]);
    expect(await problems('renderer/src/x.ts', "import { checkRequest } from '../../core/service/contract.js';\nexport const c = checkRequest;\n"))
      .toEqual(expect.arrayContaining([expect.stringMatching(/only types from core/)]));
    expect(await problems('renderer/src/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;\n"))
      .toEqual(expect.arrayContaining([expect.stringMatching(/never runs Node/)]));
  });

  it('keeps raw IPC in the one module per side that implements the contract', async () => {
    const raw = "import { ipcMain } from 'electron';\nipcMain.handle('x', () => 1);\n";
    expect(await problems('electron/tray.ts', raw)).toEqual(expect.arrayContaining([expect.stringMatching(/Raw IPC only/)]));
    expect(await problems('electron/ipc-main.ts', raw)).toEqual([]);
  });
});
