import { GraphError } from '../graph/errors.js';
import { NameEncoder } from '../names/encoder.js';

/**
 * Turns the user's paths into Graph URLs: each segment goes through rclone's name encoding (so "a?b" is
 * stored as "a？b" and comes back as "a?b"), then percent-encoding.
 */
export class PathCodec {
  private readonly encoder: NameEncoder;

  constructor(encoding: string) {
    const r = NameEncoder.fromSpec(encoding);
    if (!r.ok) throw new GraphError({ kind: 'invalid', code: 'invalidOption', message: r.error.message });
    this.encoder = r.encoder;
  }

  /** "a/b/c" (any slashes around it ignored) as its segments. */
  static split(path: string): string[] {
    return path.split('/').filter((s) => s !== '');
  }

  encodeName(name: string): string {
    return this.encoder.encode(name);
  }

  decodeName(name: string): string {
    return this.encoder.decode(name);
  }

  /** The URL part for a path below a base: "" for the base itself, else ":/seg/seg:" with a route after. */
  pathSuffix(path: string, route?: string): string {
    const segs = PathCodec.split(path);
    if (segs.length === 0) return route ? `/${route}` : '';
    const enc = segs.map((s) => encodeURIComponent(this.encodeName(s))).join('/');
    return route ? `:/${enc}:/${route}` : `:/${enc}:`;
  }
}

export function joinPath(...parts: string[]): string {
  return parts.flatMap((p) => PathCodec.split(p)).join('/');
}

export function parentOf(path: string): { parent: string; leaf: string } {
  const segs = PathCodec.split(path);
  const leaf = segs.pop() ?? '';
  return { parent: segs.join('/'), leaf };
}
