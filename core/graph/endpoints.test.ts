import { describe, expect, it } from 'vitest';
import { graphBaseUrl } from './endpoints.js';

describe('graphBaseUrl', () => {
  it('picks the Graph host of each national cloud, and graph_url wins over the region', () => {
    expect(graphBaseUrl()).toBe('https://graph.microsoft.com/v1.0');
    expect(graphBaseUrl({ region: 'us' })).toBe('https://graph.microsoft.us/v1.0');
    expect(graphBaseUrl({ region: 'de' })).toBe('https://graph.microsoft.de/v1.0');
    expect(graphBaseUrl({ region: 'cn' })).toBe('https://microsoftgraph.chinacloudapi.cn/v1.0');
    expect(graphBaseUrl({ region: 'cn', graphUrl: 'http://127.0.0.1:9/v1.0/' })).toBe('http://127.0.0.1:9/v1.0');
    expect(() => graphBaseUrl({ region: 'mars' })).toThrow(/Unknown region "mars": use global, us, de or cn/);
  });
});
