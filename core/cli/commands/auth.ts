import { flag, has } from '../args.js';
import type { Session } from '../session.js';
import { setOption } from '../../onedrive/options.js';

/**
 * `login [--device-code] [--region R] [--client-id ID --client-secret S] [--tenant T]`: signs in, saves the
 * settings used (the secret in the keychain), and makes the account the current one.
 */
export async function loginCommand(s: Session, out: (l: string) => void): Promise<void> {
  const store = await s.secrets();
  const region = flag(s.args, 'region');
  const clientId = flag(s.args, 'client-id');
  const clientSecret = flag(s.args, 'client-secret');
  const tenant = flag(s.args, 'tenant');
  let o = await s.options(true);
  if (region) o = setOption(o, 'region', region);
  if (clientId) o = setOption(o, 'client_id', clientId);
  if (clientSecret) o = setOption(o, 'client_secret', clientSecret);
  if (tenant) o = setOption(o, 'tenant', tenant);
  const manager = await s.auth(o, store);
  const show = async (url: string) => out(`Open this address in a browser to sign in:\n${url}`);
  const account = has(s.args, 'device-code')
    ? await manager.signInDeviceCode({ onCode: (info) => out(info.message) })
    : o.client_secret
      ? await manager.signInWithClientSecret({ openBrowser: show })
      : await manager.signInInteractive({ openBrowser: show });
  for (const [k, v] of [['region', region], ['client_id', clientId], ['tenant', tenant]] as const) if (v) (s.config.options as Record<string, unknown>)[k] = v;
  if (clientSecret) {
    await store.set('cli:client_secret', clientSecret);
    s.config.secrets = [...new Set([...(s.config.secrets ?? []), 'client_secret'])];
  }
  s.config.account = account.id;
  await s.save();
  out(`Signed in as ${account.username}`);
}

export async function logoutCommand(s: Session, out: (l: string) => void): Promise<void> {
  const id = s.args.positionals[0] ?? s.config.account;
  if (!id) {
    out('No account is signed in.');
    return;
  }
  const manager = await s.auth(await s.options(true), await s.secrets());
  const account = (await manager.accounts()).find((a) => a.id === id || a.username === id);
  if (account) await manager.signOut(account.id);
  if (!account || s.config.account === account.id) {
    delete s.config.account;
    await s.save();
  }
  out(account ? `Signed out ${account.username}` : `No signed-in account matches "${id}".`);
}

export async function accountsCommand(s: Session, out: (l: string) => void): Promise<void> {
  const manager = await s.auth(await s.options(true), await s.secrets());
  const accounts = await manager.accounts();
  if (accounts.length === 0) out('No account is signed in: run "stratus login".');
  for (const a of accounts) out(`${a.username}  ${a.id}${a.state === 'reconnect' ? '  (needs sign-in again: stratus login)' : ''}${a.id === s.config.account ? '  *current' : ''}`);
}
