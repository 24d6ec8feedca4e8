import { randomUUID } from 'node:crypto';
import { openPg, openPglite, type SqlDb } from '../src/pg/db';

/**
 * The drivers every PostgreSQL suite runs on: embedded PGlite always; a real server when
 * MEDALLION_TEST_PG_URL names one (.ci/run starts Debian's PostgreSQL on loopback and sets it).
 * Each test gets a database of its own on the server.
 */
export interface PgTarget {
  name: string;
  open(): Promise<SqlDb>;
}

const serverUrl = process.env.MEDALLION_TEST_PG_URL;

export async function reachableServer(): Promise<string | null> {
  if (!serverUrl) return null;
  const admin = openPg({ connectionString: serverUrl, connectionTimeoutMillis: 2000 });
  try {
    await admin.query('SELECT 1');
    return serverUrl;
  } catch {
    return null;
  } finally {
    await admin.close();
  }
}

export function pgTargets(server: string | null): PgTarget[] {
  const targets: PgTarget[] = [{ name: 'PGlite', open: () => openPglite() }];
  if (server)
    targets.push({
      name: 'PostgreSQL server',
      async open() {
        const name = `ohlcv_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
        const admin = openPg({ connectionString: server });
        await admin.exec(`CREATE DATABASE ${name}`);
        await admin.close();
        const url = new URL(server);
        url.pathname = `/${name}`;
        const db = openPg({ connectionString: url.toString() });
        return {
          ...db,
          async close() {
            await db.close();
            const a = openPg({ connectionString: server });
            await a.exec(`DROP DATABASE IF EXISTS ${name}`);
            await a.close();
          },
        };
      },
    });
  return targets;
}
