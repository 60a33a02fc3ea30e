import type { Drive } from './model.js';

// Where upload and download URLs live. On the real service they are on other hosts than Graph (so a client's
// bearer token does not follow them there); reached through the TLS proxy as graph.microsoft.com we name those
// hosts, and the proxy brings every host back here, where routes match by path. Reached directly (tests on
// loopback) the URLs stay on our own origin.

const GRAPH_HOST = 'graph.microsoft.com';

function behindProxy(origin: string): boolean {
  return new URL(origin).hostname === GRAPH_HOST;
}

/** The drive's SharePoint web (https://contoso-my.sharepoint.com/personal/alex_contoso_com), from its webUrl. */
function sharePointWeb(drive: Drive): string {
  return drive.webUrl.replace(/\/[^/]*$/, '');
}

export function uploadBase(origin: string, drive: Drive): string {
  if (!behindProxy(origin)) return `${origin}/_upload/`;
  return drive.driveType === 'personal' ? 'https://emu.up.1drv.com/up/' : `${sharePointWeb(drive)}/_api/v2.0/drive/uploadSession/`;
}

export function downloadBase(origin: string, drive: Drive): string {
  if (!behindProxy(origin)) return `${origin}/_download`;
  return drive.driveType === 'personal' ? 'https://public.files.1drv.com/_download' : `${sharePointWeb(drive)}/_layouts/15/download.aspx`;
}

/** The session id when `pathname` is an upload URL of any of the shapes above. */
export function uploadSessionId(pathname: string): string | undefined {
  return /^(?:\/_upload|\/up|(?:\/.*)?\/_api\/v2\.0\/drive\/uploadSession)\/([A-Za-z0-9_-]+)$/.exec(pathname)?.[1];
}

export function isDownloadPath(pathname: string): boolean {
  return pathname === '/_download' || pathname.endsWith('/_layouts/15/download.aspx');
}
