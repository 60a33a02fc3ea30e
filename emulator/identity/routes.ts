import type { EmulatorContext } from '../context.js';
import type { Handler } from '../http.js';

/**
 * The Microsoft identity platform: openid configuration, authorize (consent page), token, device code,
 * and its admin routes under /_emulator/auth/. Answers false for every path it does not own.
 */
export function identityRoutes(_ctx: EmulatorContext): Handler {
  return () => false;
}
