/**
 * rclone's encoding flags (lib/encoder), by the names its `encoding` option takes, and the option string parser.
 * The names are those rclone 1.60 accepts, plus `Raw` (newer rclone: no encoding at all).
 */
export const ENCODING_FLAGS = [
  'Raw', 'None', 'Slash', 'LtGt', 'SquareBracket', 'Semicolon', 'DoubleQuote', 'SingleQuote', 'BackQuote', 'Dollar',
  'Colon', 'Question', 'Asterisk', 'Pipe', 'Hash', 'Percent', 'BackSlash', 'CrLf', 'Del', 'Ctl', 'LeftSpace',
  'LeftPeriod', 'LeftTilde', 'LeftCrLfHtVt', 'RightSpace', 'RightPeriod', 'RightCrLfHtVt', 'InvalidUtf8', 'Dot',
] as const;

export type EncodingFlag = (typeof ENCODING_FLAGS)[number];

/** The default `encoding` of rclone's onedrive backend. */
export const ONEDRIVE_DEFAULT_ENCODING =
  'Slash,LtGt,DoubleQuote,Colon,Question,Asterisk,Pipe,BackSlash,Del,Ctl,LeftSpace,LeftTilde,RightSpace,RightPeriod,InvalidUtf8,Dot';

export interface EncodingError {
  kind: 'unknown-encoding-flag';
  flag: string;
  message: string;
}

export type ParseResult = { ok: true; flags: ReadonlySet<EncodingFlag> } | { ok: false; error: EncodingError };

const known = new Set<string>(ENCODING_FLAGS);

/** Parses a comma list such as `Slash,Colon,Dot` (spaces around names ignored, as rclone does). */
export function parseEncoding(spec: string): ParseResult {
  const flags = new Set<EncodingFlag>();
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    if (!known.has(part)) {
      const shown = part === '' ? 'an empty name' : `"${part}"`;
      return {
        ok: false,
        error: {
          kind: 'unknown-encoding-flag',
          flag: part,
          message: `The encoding option "${spec}" contains ${shown}, which is not an encoding flag. ` +
            `Use a comma-separated list of: ${ENCODING_FLAGS.join(', ')} (or None for no flags).`,
        },
      };
    }
    if (part !== 'None') flags.add(part as EncodingFlag);
  }
  return { ok: true, flags };
}
