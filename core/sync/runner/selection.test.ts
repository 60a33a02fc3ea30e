import { describe, expect, it } from 'vitest';
import { normalizeSelection } from './selection.js';

describe('a pair\'s chosen folders', () => {
  it('are cleaned, each once, none inside another', () => {
    expect(normalizeSelection(['/Work/', 'Photos//2024', 'work', 'Work/Projects', './Music/.', ''])).toEqual(['Work', 'Photos/2024', 'Music']);
  });

  it('empty means everything', () => {
    expect(normalizeSelection([])).toEqual([]);
    expect(normalizeSelection(['/', ''])).toEqual([]);
  });

  it('refuses a path that leaves the pair, saying so', () => {
    expect(() => normalizeSelection(['Work/../../etc'])).toThrow(/leaves the pair's folder/);
  });
});
