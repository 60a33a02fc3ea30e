import { describe, expect, it } from 'vitest';
import { checkRequest, eventNames, requestNames } from './contract.js';
import { StratusService } from './service.js';

describe('the service contract', () => {
  it('lists every request method the service implements, and nothing else', () => {
    const service = new StratusService('headless');
    for (const name of requestNames) expect(typeof service[name]).toBe('function');
    expect(requestNames).toContain('getAppInfo');
    expect(eventNames).toContain('engineState');
  });

  it('refuses unknown requests and wrongly shaped arguments, with a reason', () => {
    expect(checkRequest('getAppInfo', [])).toBeUndefined();
    expect(checkRequest('ping', ['hello'])).toBeUndefined();
    expect(checkRequest('ping', [42])).toMatch(/wrong shape/);
    expect(checkRequest('ping', 'hello')).toMatch(/must be a list/);
    expect(checkRequest('__proto__', [])).toMatch(/unknown request/);
    expect(checkRequest('deleteEverything', [])).toMatch(/unknown request/);
  });

  it('checks paths and share-link settings before they reach OneDrive', () => {
    const link = { type: 'view', scope: 'anonymous' };
    expect(checkRequest('createShareLink', ['a', 'd', 'Docs/x.txt', link])).toBeUndefined();
    expect(checkRequest('createShareLink', ['a', 'd', 'Docs/x.txt', { ...link, expiry: '2030-01-01T00:00:00Z' }])).toBeUndefined();
    expect(checkRequest('createShareLink', ['a', 'd', '../../etc', link])).toMatch(/wrong shape/);
    expect(checkRequest('createShareLink', ['a', 'd', 'x', { ...link, type: 'owner' }])).toMatch(/wrong shape/);
    expect(checkRequest('createShareLink', ['a', 'd', 'x', { ...link, expiry: 'soon' }])).toMatch(/wrong shape/);
    expect(checkRequest('createShareLink', ['a', 'd', 'x', { ...link, extra: 1 }])).toMatch(/wrong shape/);
    expect(checkRequest('cleanupVersions', ['a', 'd', 'Docs', 'yes'])).toMatch(/wrong shape/);
  });

  it('answers with the version from package.json', async () => {
    const info = await new StratusService('headless').getAppInfo();
    expect(info).toMatchObject({ name: 'Stratus', host: 'headless' });
    expect(info.version).toMatch(/^\d+\.\d+\.\d+/);
  });
});
