/**
 * Finds pipeline registrations and function packages by scanning the workspace at run time
 * (tests and tsx). The bundle replaces this module with a static list generated from the same
 * scan (bin/bundle.mjs), so there is no hand-kept list anywhere.
 */
import { commandRegistrations, entryOf, pipelineRegistrations, workspacePackages } from '../bin/workspace.mjs';

/** The registration modules, imported one at a time (jest's ESM loader cannot link one module from parallel imports). */
export async function loadRegistrationModules(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const r of pipelineRegistrations()) out.push((await import(r.file)) as Record<string, unknown>);
  return out;
}

/** Command files of non-pipeline packages ("medallion": {"commands": …}), imported one at a time. */
export async function loadCommandModules(): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const r of commandRegistrations()) out.push((await import(r.file)) as Record<string, unknown>);
  return out;
}

export async function loadFunctionModule(name: string): Promise<Record<string, unknown>> {
  const pkg = workspacePackages().find((p) => p.name === name);
  if (!pkg) throw new Error(`no workspace package ${name}`);
  return (await import(entryOf(pkg))) as Record<string, unknown>;
}
