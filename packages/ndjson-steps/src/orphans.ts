import type { ObjectStore } from '@medallion/lake';
import type { Dispatcher, FileTracking, ManifestRecord } from './ports';
import { removeManifestOutputs } from './status';
import { dispatchReadyManifests, type BuilderDeps } from './manifest-builder';

export interface OrphanReport {
  examined: number;
  /** Claimed but never started (a crash between claim and StartExecution), or an execution that ended without updating: files back to pending. */
  released: string[];
  /** An execution that succeeded but whose UpdateStatus never landed: finished now. */
  completed: string[];
  /** Still running: left alone. */
  running: string[];
  /** Manifests dispatched from what was pending (including what was just released). */
  redriven: string[];
}

async function settle(tracking: FileTracking, dispatcher: Dispatcher, m: ManifestRecord, report: OrphanReport, lake?: ObjectStore): Promise<void> {
  // Asked even for a claimed manifest: a start whose response was lost is still an execution.
  const status = await dispatcher.executionStatus(m.manifest_id);
  if (m.status === 'started' && (status === 'RUNNING' || status === 'PENDING_REDRIVE' || status === 'UNKNOWN')) {
    // UNKNOWN on a started manifest: dispatched by EventBridge, whose consumer owns it until it finishes.
    report.running.push(m.manifest_id);
    return;
  }
  if (status === 'SUCCEEDED') {
    await tracking.markProcessed(m.files, m.manifest_id);
    await tracking.finishManifest(m.manifest_id, 'succeeded');
    report.completed.push(m.manifest_id);
    return;
  }
  // An execution that failed or timed out may have written chunks before it stopped.
  if (lake) await removeManifestOutputs(lake, m);
  await tracking.releaseFiles(m.files, m.manifest_id);
  await tracking.finishManifest(m.manifest_id, 'released');
  report.released.push(m.manifest_id);
}

/**
 * Hourly: manifests open for longer than `olderThanS` are settled from what Step Functions says
 * (released, completed or left running), then whatever is pending is re-driven as new manifests
 * (this also closes manifests for files that waited past max wait with no new event arriving).
 */
export async function recoverOrphans(deps: BuilderDeps, opts: { olderThanS: number; limit: number }): Promise<OrphanReport> {
  const now = (deps.now ?? (() => new Date()))();
  const open = await deps.tracking.listOpenManifests({ olderThan: new Date(now.getTime() - opts.olderThanS * 1000), limit: opts.limit });
  const report: OrphanReport = { examined: open.length, released: [], completed: [], running: [], redriven: [] };
  for (const m of open) await settle(deps.tracking, deps.dispatcher, m, report, deps.lake);
  report.redriven = await dispatchReadyManifests(deps);
  return report;
}
