/**
 * `lake api …` (apiCommands), registered by functions/api's "medallion": {"commands": …}. Kept light
 * (node:util only): the server, DuckDB and the lake load when the command runs, so
 * `lake --help` stays fast.
 */
import { parseArgs } from 'node:util';
import { UsageError, type PipelineCommand } from '@medallion/pipeline';
import type { RouteModule } from './route';

const USAGE =
  'lake api serve [--lake DIR] [--port 8080] [--host 127.0.0.1]   serve the disclosures API (docs/API.md)\n  lake api examples [--lake DIR] [--base URL]                   curl commands for this lake';

function options(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      lake: { type: 'string', default: '.lake' },
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      base: { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!/^\d{1,5}$/.test(values.port!) || port > 65535) throw new UsageError(`--port ${values.port} is not a port number`);
  return { ...values, port, positionals };
}

async function serve(argv: string[], extra: RouteModule[]): Promise<number> {
  const o = options(argv);
  const { serveApi, exampleRequests } = await import('./http-server');
  const local = await serveApi({
    lake: o.lake!,
    port: o.port,
    host: o.host,
    extraRoutes: extra,
    onError: (err) => console.error(`lake api: ${(err as Error).message}`),
  });
  console.log(`serving ${o.lake} on ${local.url} (Ctrl-C stops)`);
  for (const line of await exampleRequests(local.api, local.url)) console.log(`  ${line}`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await local.close();
  return 0;
}

/** Curl commands against `lake api serve` for ids that exist in this lake (make demo prints them). */
async function examples(argv: string[], extra: RouteModule[]): Promise<number> {
  const o = options(argv);
  const [{ createApi }, { openServing }, { HOUSE_FD_ROUTES }, { exampleRequests }, { openLakeFromEnv }] = await Promise.all([
    import('./router'),
    import('./serving'),
    import('./routes/index'),
    import('./http-server'),
    import('@medallion/lake'),
  ]);
  const serving = await openServing({ lake: openLakeFromEnv({ MEDALLION_LAKE_URI: o.lake }) });
  try {
    const lines = await exampleRequests(createApi({ routes: [...HOUSE_FD_ROUTES, ...extra], serving }), o.base ?? `http://${o.host}:${o.port}`);
    console.log(`Serve this lake with: pnpm lake api serve --lake ${o.lake} --port ${o.port}\nthen try:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    return 0;
  } finally {
    serving.close();
  }
}

/**
 * `lake api serve|examples`, serving house_fd's routes and those `extraRoutes` loads (other packages' route modules,
 * loaded when the command runs). Registered by functions/api, which composes the API that is deployed.
 */
export function apiCommands(extraRoutes: () => Promise<RouteModule[]> = async () => []): Record<string, PipelineCommand> {
  return {
    api: {
      usage: USAGE,
      async run(argv) {
        const [sub, ...rest] = argv;
        if (sub === 'serve') return serve(rest, await extraRoutes());
        if (sub === 'examples') return examples(rest, await extraRoutes());
        throw new UsageError(sub ? `unknown api command ${sub}` : 'lake api needs a command: serve or examples');
      },
    },
  };
}
