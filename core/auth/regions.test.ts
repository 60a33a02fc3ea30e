import { describe, expect, it } from 'vitest';
import { REGIONS, isRegion, resolveEndpoints } from './regions.js';

describe('regions and endpoint overrides', () => {
  it('maps each region to its sign-in and Graph hosts', () => {
    expect(resolveEndpoints()).toEqual({ authority: 'https://login.microsoftonline.com/common', graphUrl: 'https://graph.microsoft.com/v1.0' });
    expect(resolveEndpoints({ region: 'us', tenant: 'contoso.onmicrosoft.us' })).toEqual({
      authority: 'https://login.microsoftonline.us/contoso.onmicrosoft.us', graphUrl: 'https://graph.microsoft.us/v1.0',
    });
    expect(resolveEndpoints({ region: 'de' }).graphUrl).toBe('https://graph.microsoft.de/v1.0');
    expect(resolveEndpoints({ region: 'cn' })).toEqual({
      authority: 'https://login.chinacloudapi.cn/common', graphUrl: 'https://microsoftgraph.chinacloudapi.cn/v1.0',
    });
    expect(Object.keys(REGIONS)).toEqual(['global', 'us', 'de', 'cn']);
    expect(isRegion('cn')).toBe(true);
    expect(isRegion('eu')).toBe(false);
  });

  it('sends overridden endpoints as authority metadata under a host that is never contacted', () => {
    const e = resolveEndpoints({ authUrl: 'http://127.0.0.1:9/common/oauth2/v2.0/authorize', graphUrl: 'http://127.0.0.1:9/v1.0/' });
    expect(e.authority.startsWith('https://')).toBe(true);
    expect(e.knownAuthorities).toEqual([new URL(e.authority).host]);
    expect(JSON.parse(e.authorityMetadata!)).toMatchObject({
      authorization_endpoint: 'http://127.0.0.1:9/common/oauth2/v2.0/authorize',
      // token_url not given: the region's own token endpoint stays.
      token_endpoint: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    });
    expect(e.graphUrl).toBe('http://127.0.0.1:9/v1.0');
  });
});
