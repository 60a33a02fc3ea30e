/** Graph hosts of the national clouds, as rclone's `region` option names them. */
export const GRAPH_HOSTS = {
  global: 'https://graph.microsoft.com',
  us: 'https://graph.microsoft.us',
  de: 'https://graph.microsoft.de',
  cn: 'https://microsoftgraph.chinacloudapi.cn',
} as const;

export type GraphRegion = keyof typeof GRAPH_HOSTS;

export function isGraphRegion(v: string): v is GraphRegion {
  return Object.hasOwn(GRAPH_HOSTS, v);
}

/** The Graph base a configuration talks to: `graph_url` when set (the emulator, a proxy), else the region's. */
export function graphBaseUrl(o: { region?: string; graphUrl?: string } = {}): string {
  if (o.graphUrl) return o.graphUrl.replace(/\/+$/, '');
  const region = o.region ?? 'global';
  if (!isGraphRegion(region)) throw new Error(`Unknown region "${region}": use global, us, de or cn.`);
  return `${GRAPH_HOSTS[region]}/v1.0`;
}
