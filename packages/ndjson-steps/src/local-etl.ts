import type { EtlRequest } from './etl-command';

/**
 * The local run behind `lake etl ingest|demo`: input files as S3 events → the SQS emulator →
 * manifest builder → the state machine under the ASL runner → converter, against dynalite.
 * Needs @medallion/local's SQS and Step Functions emulation and the converter (issue 8).
 */
export async function runLocalEtl(request: EtlRequest): Promise<number> {
  console.error(`lake etl ${request.kind}: the local NDJSON run is not wired yet (needs the SQS/Step Functions emulation and the converter)`);
  return 1;
}
