import { describe, expect, it } from 'vitest';
import { onedriveEncoder } from './encoder.js';
import {
  MAX_FILE_BYTES, caseCollisionProblems, caseKey, checkLocalName, checkName, checkPath, checkSize, findCaseCollisions,
} from './index.js';

const kinds = (name: string, opts = {}) => checkName(name, opts).map((p) => p.kind);

describe('checkName', () => {
  it('accepts ordinary names', () => {
    for (const n of ['report.docx', 'a b c', '日本語', '~tilde on personal', '.hidden', 'con.txt', 'forms']) {
      expect(checkName(n), n).toEqual([]);
    }
  });

  it.each([
    ['a:b', 'invalid-character'], ['a"b', 'invalid-character'], ['a*b', 'invalid-character'], ['a<b', 'invalid-character'],
    ['a>b', 'invalid-character'], ['a?b', 'invalid-character'], ['a/b', 'invalid-character'], ['a\\b', 'invalid-character'],
    ['a|b', 'invalid-character'], [' x', 'leading-space'], ['x ', 'trailing-space'], ['x.', 'trailing-dot'],
    ['.lock', 'reserved-name'], ['CON', 'reserved-name'], ['prn', 'reserved-name'], ['Aux', 'reserved-name'],
    ['NUL', 'reserved-name'], ['COM0', 'reserved-name'], ['com9', 'reserved-name'], ['LPT0', 'reserved-name'],
    ['lpt9', 'reserved-name'], ['desktop.ini', 'reserved-name'], ['Desktop.INI', 'reserved-name'],
    ['~$report.docx', 'office-lock-name'], ['a_vti_b', 'vti-name'], ['X_VTI_', 'vti-name'], ['', 'empty-name'],
  ])('flags %j as %s', (name, kind) => {
    expect(kinds(name)).toContain(kind);
  });

  it('applies the work-or-school rules only there', () => {
    expect(kinds('~x', { driveType: 'business' })).toEqual(['leading-tilde']);
    expect(kinds('~x', { driveType: 'personal' })).toEqual([]);
    expect(kinds('forms', { driveType: 'documentLibrary', atRoot: true })).toEqual(['forms-at-root']);
    expect(kinds('Forms', { driveType: 'business', atRoot: true })).toEqual(['forms-at-root']);
    expect(kinds('forms', { driveType: 'business', atRoot: false })).toEqual([]);
    expect(kinds('forms', { driveType: 'personal', atRoot: true })).toEqual([]);
  });

  it('reports every problem, each naming the file and saying what to do', () => {
    const problems = checkName(' a:b.');
    expect(problems.map((p) => p.kind)).toEqual(['invalid-character', 'leading-space', 'trailing-dot']);
    for (const p of problems) {
      expect(p.name).toBe(' a:b.');
      expect(p.reason).toContain('" a:b."');
      expect(p.reason).toMatch(/Rename/);
    }
    expect(problems[0]!.reason).toContain('":"');
  });
});

describe('checkPath and checkSize', () => {
  it('allows 400 characters and refuses 401', () => {
    const at = (n: number) => 'd/' + 'x'.repeat(n - 2);
    expect(checkPath(at(400))).toEqual([]);
    const [p] = checkPath(at(401));
    expect(p?.kind).toBe('path-too-long');
    expect(p?.reason).toContain('401 characters');
  });

  it('checks each component, with the root rules on the first only', () => {
    const problems = checkPath('forms/CON/forms/x ', { driveType: 'business' });
    expect(problems.map((p) => [p.kind, p.name])).toEqual([
      ['forms-at-root', 'forms'], ['reserved-name', 'CON'], ['trailing-space', 'x '],
    ]);
  });

  it('refuses files over 250 GB', () => {
    expect(checkSize('big.iso', MAX_FILE_BYTES)).toBeUndefined();
    const p = checkSize('big.iso', MAX_FILE_BYTES + 1);
    expect(p?.kind).toBe('file-too-large');
    expect(p?.reason).toContain('"big.iso"');
    expect(p?.reason).toContain('250 GB');
  });
});

describe('case collisions', () => {
  it('groups names that differ only in case', () => {
    expect(findCaseCollisions(['Foo.txt', 'bar', 'foo.TXT', 'FOO.txt', 'Bar', 'baz'])).toEqual([
      ['Foo.txt', 'foo.TXT', 'FOO.txt'], ['bar', 'Bar'],
    ]);
    expect(findCaseCollisions(['Ärger', 'ärger', 'Σ', 'σ'])).toEqual([['Ärger', 'ärger'], ['Σ', 'σ']]);
  });

  it('keeps names apart that only a length-changing case mapping would merge', () => {
    expect(caseKey('ß')).toBe('ß');
    expect(findCaseCollisions(['straße', 'STRASSE'])).toEqual([]);
  });

  it('gives one problem per later name, pointing at the one that syncs', () => {
    const problems = caseCollisionProblems(['a.txt', 'A.txt', 'b']);
    expect(problems).toEqual([{ kind: 'case-collision', name: 'A.txt', reason: expect.stringContaining('"a.txt"') }]);
  });
});

describe('checkLocalName', () => {
  it('encodes first, so characters encoding fixes are not problems', () => {
    expect(checkLocalName('a:b ', onedriveEncoder)).toEqual({ remoteName: 'a：b␠', problems: [] });
  });

  it('still reports what encoding cannot fix, under the local name', () => {
    const r = checkLocalName('CON', onedriveEncoder);
    expect(r.problems.map((p) => [p.kind, p.name])).toEqual([['reserved-name', 'CON']]);
  });

  it('reports names that would not come back the same', () => {
    const r = checkLocalName('x‛ ', onedriveEncoder);
    expect(r.problems.map((p) => p.kind)).toEqual(['not-reversible']);
    const dots = checkLocalName('．.', onedriveEncoder);
    expect(dots.problems.map((p) => p.kind)).toEqual(['not-reversible']);
    expect(dots.problems[0]!.reason).toContain('reads back as ".."');
  });

  it('accepts invalid UTF-8 bytes from a Linux folder', () => {
    const r = checkLocalName(Buffer.from([0x61, 0xff]), onedriveEncoder);
    expect(r).toEqual({ remoteName: 'a‛FF', problems: [] });
  });
});
