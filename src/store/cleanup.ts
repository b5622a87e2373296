// Deletes every key under a prefix (scenario runs and tests clean up after themselves).
import { Redis } from 'ioredis';

export async function deleteByPrefix(url: string, prefix: string): Promise<number> {
  if (prefix.length < 4) throw new Error('refusing to delete with a very short prefix');
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  let n = 0;
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix.replace(/[*?[\]]/g, '\\$&')}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) n += await r.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
  return n;
}
