import { randomBytes } from 'node:crypto';
import type { GraphContext } from './context.js';
import type { UploadSession } from './upload-session.js';

/** Switches of the content half (admin: /_emulator/content/settings). */
export interface ContentSettings {
  /** Largest simple upload (PUT .../content): the current docs say 250 MB, older ones 4 MB. */
  simpleUploadLimit: number;
  /** How long an upload session lives without a chunk. */
  sessionLifetimeMs: number;
  /** How long a pre-authenticated download URL works (the service: about an hour). */
  downloadUrlLifetimeMs: number;
  /** nextExpectedRanges as "N-M" (business was seen answering so) instead of "N-". */
  closedRanges: boolean;
  /** Business: the tenant admin forbids anonymous ("anyone") links. */
  anonymousLinksDisabled: boolean;
  /** Answer 401 to an upload URL request that carries Authorization, as Graph's docs warn it may. */
  refuseTokenOnUploadUrl: boolean;
}

export interface ContentState {
  settings: ContentSettings;
  sessions: Map<string, UploadSession>;
  /** Items flagged as malware: downloads answer 403 with X-Virus-Infected. */
  malware: Set<string>;
  /** Signs download URLs, so they need no Authorization yet cannot be made up. */
  key: Buffer;
}

const states = new WeakMap<GraphContext, ContentState>();

export function contentState(ctx: GraphContext): ContentState {
  let s = states.get(ctx);
  if (!s) {
    const business = ctx.store.business;
    s = {
      settings: {
        simpleUploadLimit: 250 * 1024 * 1024,
        sessionLifetimeMs: 48 * 3600_000,
        downloadUrlLifetimeMs: 3600_000,
        closedRanges: business,
        anonymousLinksDisabled: false,
        refuseTokenOnUploadUrl: false,
      },
      sessions: new Map(),
      malware: new Set(),
      key: randomBytes(32),
    };
    states.set(ctx, s);
  }
  return s;
}
