import { OPTION_NAMES, SECRET_OPTIONS, defaultOptions, setOption } from '../../onedrive/options.js';
import type { OneDriveOptions } from '../../onedrive/options.js';
import { UsageError } from '../args.js';
import { configPath } from '../home.js';
import type { Session } from '../session.js';

const USAGE = 'config [show | get NAME | set NAME VALUE | unset NAME | path | remote NAME DRIVE_ID|default [ACCOUNT] | remotes]';

/** `config`: show or change every rclone onedrive option; secrets go to the keychain, never to the file. */
export async function configCommand(s: Session, out: (line: string) => void): Promise<void> {
  const [sub = 'show', name, ...rest] = s.args.positionals;
  const checkName = (n: string | undefined): keyof OneDriveOptions => {
    if (!n) throw new UsageError(`usage: stratus ${USAGE}`);
    if (!(OPTION_NAMES as string[]).includes(n)) throw new UsageError(`unknown option "${n}": known options are ${OPTION_NAMES.join(', ')}`);
    return n as keyof OneDriveOptions;
  };
  switch (sub) {
    case 'path':
      out(configPath(s.home));
      return;
    case 'remote': {
      // Another drive, or another signed-in account, under a name, so copy can go NAME:path <-> :path.
      const [driveId, account] = rest;
      if (!name || !/^[A-Za-z0-9_.-]{2,}$/.test(name) || !driveId) {
        throw new UsageError('usage: stratus config remote NAME DRIVE_ID|default [ACCOUNT] (NAME: letters, digits, _ . -, at least 2; see stratus drives and stratus accounts)');
      }
      const remote = { ...(driveId === 'default' ? {} : { drive_id: driveId }), ...(account ? { account } : {}) };
      s.config.remotes = { ...s.config.remotes, [name]: remote };
      await s.save();
      out(`${name}: is ${remote.drive_id ? `drive ${remote.drive_id}` : 'the default drive'}${account ? ` of ${account}` : ''}`);
      return;
    }
    case 'remotes':
      for (const [n, r] of Object.entries(s.config.remotes ?? {})) out(`${n}:  ${r.drive_id ?? 'default drive'}${r.account ? `  (${r.account})` : ''}`);
      return;
    case 'show': {
      const o = await s.options();
      for (const n of OPTION_NAMES) {
        if (SECRET_OPTIONS.has(n)) out(`${n} = ${s.config.secrets?.includes(n) ? '(set, in the keychain)' : ''}`);
        else out(`${n} = ${String(o[n])}`);
      }
      if (s.config.account) out(`account = ${s.config.account}`);
      return;
    }
    case 'get': {
      const n = checkName(name);
      if (SECRET_OPTIONS.has(n)) out(s.config.secrets?.includes(n) ? '(set, in the keychain)' : '');
      else out(String((await s.options())[n]));
      return;
    }
    case 'set': {
      const n = checkName(name);
      const value = rest.join(' ');
      if (rest.length === 0) throw new UsageError(`usage: stratus config set ${n} VALUE`);
      const checked = setOption(defaultOptions, n, value);
      if (SECRET_OPTIONS.has(n)) {
        await (await s.secrets()).set(`cli:${n}`, value);
        s.config.secrets = [...new Set([...(s.config.secrets ?? []), n])];
      } else {
        (s.config.options as Record<string, unknown>)[n] = checked[n];
      }
      await s.save();
      out(`${n} set`);
      return;
    }
    case 'unset': {
      const n = checkName(name);
      if (SECRET_OPTIONS.has(n) && s.config.secrets?.includes(n)) {
        await (await s.secrets()).delete(`cli:${n}`);
        s.config.secrets = s.config.secrets.filter((x) => x !== n);
      }
      delete (s.config.options as Record<string, unknown>)[n];
      await s.save();
      out(`${n} reset to its default`);
      return;
    }
    default:
      throw new UsageError(`usage: stratus ${USAGE}`);
  }
}
