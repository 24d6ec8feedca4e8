/** The registered pipelines, by name, and the handlers behind each ${placeholder} of their ASL. */
import type { LocalHandler } from '@medallion/local';
import type { PipelineCommand, PipelineDefinition } from '@medallion/pipeline';
import { loadCommandModules, loadFunctionModule, loadRegistrationModules } from './registry';

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

const isCommand = (v: unknown): v is PipelineCommand =>
  typeof v === 'object' && v !== null && typeof (v as PipelineCommand).usage === 'string' && typeof (v as PipelineCommand).run === 'function';

/** Every `lake <command>`: the pipelines' own, then the `commands` export of each command file (e.g. `lake api`). */
export async function loadCommands(pipelines: Map<string, PipelineDefinition>): Promise<Map<string, PipelineCommand>> {
  const found = new Map<string, PipelineCommand>();
  const add = (name: string, command: unknown) => {
    if (!isCommand(command)) return;
    if (found.has(name) || ['run', 'quality'].includes(name)) throw new Error(`two registrations name the command ${name}`);
    found.set(name, command);
  };
  for (const p of pipelines.values()) for (const [name, c] of Object.entries(p.commands ?? {})) add(name, c);
  for (const mod of await loadCommandModules()) for (const [name, c] of Object.entries((mod.commands ?? {}) as Record<string, unknown>)) add(name, c);
  return found;
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
