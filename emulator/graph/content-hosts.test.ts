import { describe, expect, it } from 'vitest';
import { downloadBase, isDownloadPath, uploadBase, uploadSessionId } from './content-hosts.js';
import type { Drive } from './model.js';

const drive = (driveType: Drive['driveType'], webUrl: string) => ({ driveType, webUrl }) as Drive;
const key = 'k'.repeat(43);

describe('content hosts', () => {
  it('routes every upload URL shape back to its session, whatever the drive', () => {
    const drives = [
      drive('personal', 'https://onedrive.live.com/?cid=x'),
      drive('business', 'https://contoso-my.sharepoint.com/personal/alex_contoso_com/Documents'),
      drive('documentLibrary', 'https://contoso.sharepoint.com/sites/Marketing/Shared%20Documents'),
      drive('documentLibrary', 'https://contoso.sharepoint.com/Shared%20Documents'),
    ];
    for (const origin of ['https://graph.microsoft.com', 'http://127.0.0.1:1234']) {
      for (const d of drives) {
        expect(uploadSessionId(new URL(`${uploadBase(origin, d)}${key}`).pathname)).toBe(key);
        expect(isDownloadPath(new URL(downloadBase(origin, d)).pathname)).toBe(true);
      }
    }
    expect(uploadSessionId('/v1.0/me/drive/root')).toBeUndefined();
    expect(isDownloadPath('/v1.0/me/drive/items/x/content')).toBe(false);
  });
});
