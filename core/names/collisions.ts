/**
 * OneDrive names are case-insensitive (Foo.txt and foo.TXT are the same item) but a Linux folder can hold both.
 * Comparison folds each character with its simple one-to-one uppercase mapping, the way Windows/.NET ordinal
 * ignore-case comparison does; full mappings that change length (ß → SS) are not applied.
 */
import type { NameProblem } from './problems.js';

export function caseKey(name: string): string {
  let out = '';
  for (const ch of name) {
    const up = ch.toUpperCase();
    out += [...up].length === 1 ? up : ch;
  }
  return out;
}

/** Groups of sibling names that OneDrive would treat as one (each group has two or more names, in input order). */
export function findCaseCollisions(names: Iterable<string>): string[][] {
  const groups = new Map<string, string[]>();
  for (const n of names) {
    const key = caseKey(n);
    const g = groups.get(key);
    if (g) g.push(n);
    else groups.set(key, [n]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/** One problem per name that clashes with an earlier sibling; the first of each group keeps its place. */
export function caseCollisionProblems(names: Iterable<string>): NameProblem[] {
  return findCaseCollisions(names).flatMap(([first, ...rest]) =>
    rest.map((name) => ({
      kind: 'case-collision' as const,
      name,
      reason: `"${name}" and "${first}" differ only in upper/lower case; OneDrive sees them as the same name, so only ` +
        `"${first}" will sync. Rename one of them.`,
    })),
  );
}
