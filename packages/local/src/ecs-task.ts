import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';

/** What a local "Fargate task" runs: the same entry point as the container, as a child process. */
export interface LocalEcsTask {
  command: string;
  args?: string[];
  cwd?: string;
  /** Added to this process's environment (the child needs PATH, endpoints…); ContainerOverrides win over it. */
  env?: Record<string, string>;
}

interface RunTaskParameters {
  Cluster?: string;
  TaskDefinition?: string;
  Overrides?: { ContainerOverrides?: { Name?: string; Command?: string[]; Environment?: { Name: string; Value: string }[] }[] };
}

/** Keep the end of the child's output for the failure's Cause (a stack trace ends there). */
const TAIL_CHARS = 4000;

function taskDescription(arn: string, p: RunTaskParameters, container: string, exitCode: number | null, reason?: string) {
  return {
    Tasks: [
      {
        TaskArn: arn,
        ClusterArn: p.Cluster,
        TaskDefinitionArn: p.TaskDefinition,
        LastStatus: 'STOPPED',
        DesiredStatus: 'STOPPED',
        StopCode: 'EssentialContainerExited',
        StoppedReason: 'Essential container in task exited',
        Containers: [{ Name: container, ExitCode: exitCode ?? undefined, LastStatus: 'STOPPED', Reason: reason }],
        Overrides: p.Overrides,
      },
    ],
  };
}

/**
 * `arn:aws:states:::ecs:runTask.sync` locally: run the task definition's configured command with the
 * ContainerOverrides' environment (and Command, when given, as the arguments), wait for it, and answer as the
 * .sync integration does — the stopped task on exit 0, `States.TaskFailed` with the task as Cause otherwise.
 */
export function localEcsRunTask(
  stateName: string,
  parameters: Record<string, unknown> | undefined,
  tasks: Record<string, LocalEcsTask>,
): (input: unknown) => Promise<unknown> {
  // A missing command is a set-up mistake: fail before the run, not as a task failure a Catch would swallow.
  const fixed = parameters?.TaskDefinition;
  if (typeof fixed === 'string' && !tasks[fixed]) throw new Error(`state ${stateName}: no local command for task definition ${fixed}`);
  return async (input) => {
    const p = (input ?? {}) as RunTaskParameters;
    const task = tasks[String(p.TaskDefinition)];
    if (!task) throw new Error(`state ${stateName}: no local command for task definition ${String(p.TaskDefinition)}`);
    const override = p.Overrides?.ContainerOverrides?.[0];
    const env = { ...process.env, ...task.env };
    for (const e of override?.Environment ?? []) env[e.Name] = e.Value;
    const arn = `arn:aws:ecs:local:000000000000:task/local/${randomUUID()}`;
    const { code, output, error } = await new Promise<{ code: number | null; output: string; error?: Error }>((resolve) => {
      const child = spawn(task.command, override?.Command ?? task.args ?? [], { cwd: task.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-TAIL_CHARS);
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      child.once('error', (err) => resolve({ code: null, output, error: err }));
      child.once('close', (code) => resolve({ code, output }));
    });
    const description = taskDescription(arn, p, override?.Name ?? 'main', code, error?.message ?? (code === 0 ? undefined : output.trim()));
    if (code === 0) return description;
    const failure = new Error(JSON.stringify(description));
    failure.name = 'States.TaskFailed';
    throw failure;
  };
}
