/** The registered pipelines, by name, and the handlers behind each ${placeholder} of their ASL. */
import type { LocalHandler } from '@medallion/local';
import type { PipelineDefinition } from '@medallion/pipeline';
import { loadFunctionModule, loadRegistrationModules } from './registry';

let cache: Map<string, PipelineDefinition> | undefined;

const isDefinition = (v: unknown): v is PipelineDefinition =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as PipelineDefinition).name === 'string' &&
  typeof (v as PipelineDefinition).definitionFile === 'string' &&
  typeof (v as PipelineDefinition).functions === 'object';

/** Every definePipeline() export of every registration file. */
export async function loadPipelines(): Promise<Map<string, PipelineDefinition>> {
  if (cache) return cache;
  const found = new Map<string, PipelineDefinition>();
  for (const mod of await loadRegistrationModules()) {
    for (const value of Object.values(mod)) {
      if (!isDefinition(value)) continue;
      if (found.has(value.name) && found.get(value.name) !== value) throw new Error(`two registrations name the pipeline ${value.name}`);
      found.set(value.name, value);
    }
  }
  cache = found;
  return found;
}

/** A function package's handler (what a pipeline command such as `lake etl` invokes, as Lambda would). */
export async function loadFunctionHandler(packageName: string): Promise<LocalHandler> {
  const mod = await loadFunctionModule(packageName);
  if (typeof mod.handler !== 'function') throw new Error(`${packageName} exports no handler`);
  return mod.handler as LocalHandler;
}

/** Placeholder → handler; imported only now, so the run's environment is set first. */
export async function loadHandlers(pipeline: PipelineDefinition): Promise<Record<string, LocalHandler>> {
  const out: Record<string, LocalHandler> = {};
  for (const [placeholder, packageName] of Object.entries(pipeline.functions)) {
    const mod = await loadFunctionModule(packageName);
    if (typeof mod.handler !== 'function') throw new Error(`${packageName} (for \${${placeholder}}) exports no handler`);
    out[placeholder] = mod.handler as LocalHandler;
  }
  return out;
}
