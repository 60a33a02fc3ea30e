import type { GraphClient, RequestOptions } from './client.js';

export interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

/** Yields each page of a collection, following @odata.nextLink (an absolute URL) until Graph gives none. */
export async function* pages<T>(client: GraphClient, path: string, opts: RequestOptions = {}): AsyncGenerator<Page<T>> {
  let next: string | undefined = path;
  let first = true;
  while (next) {
    const page: Page<T> = await client.json<Page<T>>('GET', next, first ? opts : { ...opts, query: undefined });
    first = false;
    yield page;
    next = page['@odata.nextLink'];
  }
}

/** Every item of a collection, all pages read. */
export async function collect<T>(client: GraphClient, path: string, opts: RequestOptions = {}): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages<T>(client, path, opts)) all.push(...(page.value ?? []));
  return all;
}
