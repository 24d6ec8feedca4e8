/**
 * `make bench` entry `congress-pipeline`: congress_pipeline's data work — TransformToSilver + BuildDimensions
 * (@medallion/congress-steps) over a batch whose congress.gov responses are already in bronze — against the same
 * eleven tables written by plain DuckDB SQL over the same bronze (congress-direct.ts). Each run in a child
 * process of its own, alternating, median of `repeat`; every table compared (row count, md5 of the rows).
 */
import { join } from 'node:path';
import { writeCongressBronze } from './congress-bronze';
import { BENCH_DIR } from './paths';
import { generateBronzeOnce, type PipelineBenchResult, pipelineBenchMarkdown, removeDirs, runPipelineBench } from './pipeline-bench';

// A Congress's worth: the 118th introduced ~15,000 bills and resolutions.
export const CONGRESS_PIPELINE_BENCH_DEFAULTS = { bills: 15_000, repeat: 3 };
type Settings = typeof CONGRESS_PIPELINE_BENCH_DEFAULTS;

export interface CongressPipelineBenchResult extends PipelineBenchResult {
  settings: Settings;
}

export async function benchCongressPipeline(s: Settings): Promise<CongressPipelineBenchResult> {
  const root = join(BENCH_DIR, 'congress-pipeline', `bills=${s.bills}`);
  const lakeDir = join(root, 'lake');
  const outDir = join(root, 'direct');
  await generateBronzeOnce(root, `${s.bills.toLocaleString('en-US')} bills + 117 HR 21`, () => writeCongressBronze(lakeDir, s.bills));
  const result = await runPipelineBench({ pipeline: 'congress', lakeDir, outDir }, s.repeat, (mode) =>
    mode === 'ours' ? removeDirs(['silver', 'gold', 'quarantine'].map((layer) => join(lakeDir, layer))) : removeDirs([outDir]),
  );
  return { ...result, settings: s };
}

export function congressPipelineBenchMarkdown(r: CongressPipelineBenchResult): string {
  const bills = r.settings.bills.toLocaleString('en-US');
  return `#### congress-pipeline — TransformToSilver + BuildDimensions vs the same tables by plain DuckDB

**What is timed:** congress_pipeline's data work on one batch of ${bills} generated bills plus the real 117 HR 21, their
six congress.gov responses each already in bronze as FetchDetails leaves them (\`generatedBill\` of @medallion/congress,
widened in scripts/bench/congress-bronze.ts to 3–7 actions, up to 13 cosponsors, up to 9 subjects and a summary on three
bills in four; the real committee-membership-current.yaml). **Ours:** \`transformToSilver\` (every bronze object read
through the lake, zod-parsed, rows built in Node, six silver Parquet files) then \`buildDimensions\` (silver re-read,
latest version of each bill, five gold files), on a local lake. **Direct:** one typed \`read_json\` over the same bronze
files into a DuckDB table, then a \`COPY\` per silver and gold table (the YAML turned into JSON first). No HTTP in either:
fetching is FetchBills/FetchDetails' work (rate-limited at 5,000 requests an hour) and is not timed. Each run in a child
process (peak RSS is its \`maxRSS\`), modes alternating, median of ${r.settings.repeat}.

${pipelineBenchMarkdown(r, { ours: '`transformToSilver` + `buildDimensions`', direct: '`read_json` + `COPY`' })}`;
}
