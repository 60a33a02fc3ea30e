import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every host a OneDrive client may be sent to: Graph, sign-in, SharePoint, share links, download hosts. */
export const microsoftHosts = [
  'graph.microsoft.com',
  'login.microsoftonline.com',
  'login.live.com',
  '*.sharepoint.com',
  '1drv.ms',
  '*.1drv.ms',
  'onedrive.live.com',
  '*.files.1drv.com',
  '*.up.1drv.com',
  'api.onedrive.com',
  'my.microsoftpersonalcontent.com',
  '*.livefilestore.com',
] as const;

export interface TestCertificates {
  /** Path of the CA certificate, for `rclone --ca-cert` and Node's `ca` option. */
  caPath: string;
  ca: string;
  /** Leaf certificate and key the proxy serves; the key never leaves the temp folder. */
  cert: string;
  key: string;
  hosts: readonly string[];
}

export class CertificateError extends Error {
  readonly kind = 'certificate';
}

/** True when `host` is one of `hosts` or matches a `*.` entry by one leftmost label, as TLS wildcards do. */
export function hostCovered(host: string, hosts: readonly string[] = microsoftHosts): boolean {
  const h = host.toLowerCase();
  return hosts.some((pattern) => {
    if (!pattern.startsWith('*.')) return pattern === h;
    const suffix = pattern.slice(1);
    return h.endsWith(suffix) && !h.slice(0, -suffix.length).includes('.') && h.length > suffix.length;
  });
}

/**
 * Makes a throwaway CA and one leaf certificate naming every Microsoft host, with openssl, in `dir`.
 * EC P-256 keys keep generation well under a second; the CA lives two days so a stale folder is useless.
 */
export async function makeTestCertificates(dir: string, hosts: readonly string[] = microsoftHosts): Promise<TestCertificates> {
  const p = (name: string) => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  try {
    await run('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2',
      '-subj', '/CN=Stratus throwaway test CA',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
    await run('openssl', ['req', ...ec, '-keyout', p('leaf.key'), '-out', p('leaf.csr'), '-subj', `/CN=${hosts[0]}`]);
    // Go (rclone) ignores the CN: the names must be in subjectAltName.
    await writeFile(p('leaf.ext'), [
      `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(',')}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'));
    await run('openssl', ['x509', '-req', '-in', p('leaf.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'),
      '-CAcreateserial', '-out', p('leaf.pem'), '-days', '2', '-extfile', p('leaf.ext')]);
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new CertificateError(`openssl could not make the test certificates: ${(e.stderr ?? e.message).trim()}`);
  }
  const [ca, cert, key] = await Promise.all([readFile(p('ca.pem'), 'utf8'), readFile(p('leaf.pem'), 'utf8'), readFile(p('leaf.key'), 'utf8')]);
  return { caPath: p('ca.pem'), ca, cert, key, hosts };
}
