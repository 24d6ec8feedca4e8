/**
 * `make bench` entry `lobbying-pipeline`: lobbying_pipeline's data work — ParseToSilver + TransformToGold
 * (@medallion/lobbying-steps) over a batch whose LDA `/filings/` pages are already in bronze — against the same eight
 * tables written by plain DuckDB SQL over the same pages (lobbying-direct.ts). Each run in a child process of its own,
 * alternating, median of `repeat`; every table compared (row count, md5 of the rows).
 */
import { join } from 'node:path';
import { writeLobbyingBronze } from './lobbying-bronze';
import { BENCH_DIR } from './paths';
import { generateBronzeOnce, type PipelineBenchResult, pipelineBenchMarkdown, removeDirs, runPipelineBench } from './pipeline-bench';

// About two quarters of LDA reports (the Senate receives ~12,000 quarterly LD-2 reports a quarter).
export const LOBBYING_PIPELINE_BENCH_DEFAULTS = { filings: 20_000, repeat: 3 };
type Settings = typeof LOBBYING_PIPELINE_BENCH_DEFAULTS;

export interface LobbyingPipelineBenchResult extends PipelineBenchResult {
  settings: Settings;
}

export async function benchLobbyingPipeline(s: Settings): Promise<LobbyingPipelineBenchResult> {
  const root = join(BENCH_DIR, 'lobbying-pipeline', `filings=${s.filings}`);
  const lakeDir = join(root, 'lake');
  const outDir = join(root, 'direct');
  await generateBronzeOnce(root, `${s.filings.toLocaleString('en-US')} filings`, () => writeLobbyingBronze(lakeDir, s.filings));
  const result = await runPipelineBench({ pipeline: 'lobbying', lakeDir, outDir }, s.repeat, (mode) =>
    mode === 'ours' ? removeDirs(['silver', 'gold', 'quarantine'].map((layer) => join(lakeDir, layer))) : removeDirs([outDir]),
  );
  return { ...result, settings: s };
}

export function lobbyingPipelineBenchMarkdown(r: LobbyingPipelineBenchResult): string {
  const filings = r.settings.filings.toLocaleString('en-US');
  return `#### lobbying-pipeline — ParseToSilver + TransformToGold vs the same tables by plain DuckDB

**What is timed:** lobbying_pipeline's data work on one batch of ${filings} generated LDA filings over two filing years,
already in bronze as DownloadFilings leaves them (25-filing \`/api/v1/filings/\` pages with \`next\` links;
\`generatedFiling\` of @medallion/lobbying, widened in scripts/bench/lobbying-bronze.ts to 1–4 activities of 1–4
lobbyists and 1–3 government entities, bill mentions in most descriptions, ~2,500 clients and ~600 registrants a year,
plus one filing as the LDA documentation shows it, served on two pages). **Ours:** \`parseToSilver\` (every page read
through the lake, each filing zod-parsed, amounts and bill mentions parsed in Node, five silver Parquet files) then
\`transformToGold\` (silver re-read, latest posting of each filing, three gold files), on a local lake. **Direct:** one
typed \`read_json\` over the same pages, the filings unnested and de-duplicated in DuckDB, amounts, timestamps and bill
mentions (\`regexp_extract_all\`) in SQL, a \`COPY\` per table. No HTTP in either (CheckNewFilings/DownloadFilings are
not timed). Each run in a child process (peak RSS is its \`maxRSS\`), modes alternating, median of ${r.settings.repeat}.

${pipelineBenchMarkdown(r, { ours: '`parseToSilver` + `transformToGold`', direct: '`read_json` + `COPY`' })}`;
}
