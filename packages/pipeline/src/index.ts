/**
 * The contract between a pipeline package and the `lake` command line (packages/cli). A
 * workspace package names its registration in package.json (`"medallion": {"pipeline":
 * "./src/pipeline.ts"}`), whose default or named export is `definePipeline({...})`; the CLI
 * finds it by scanning the workspace. Types only plus one identity function: importing this
 * package costs nothing at startup.
 */

/** What a local run provides the functions with. */
interface LocalEnvironment {
  lakeDir: string;
  /** The lake the functions use: the lake directory, or s3://… (tests against s3rver). */
  lakeUri: string;
  sourceDir: string;
  dynamoEndpoint: string;
  /** Physical DynamoDB table names by logical name. */
  tables: Record<string, string>;
  logLevel: string;
}

/** One Lambda response as the local run recorded it. */
export interface TaskRecord {
  state: string;
  output: unknown;
  ms: number;
}

/** What a pipeline's summary sees of a finished local run. */
export interface RunView {
  pipeline: string;
  status: 'SUCCEEDED' | 'FAILED';
  /** Top-level states in the order entered. */
  path: string[];
  /** Type of every top-level state (Task, Map, Choice…). */
  stateTypes: Record<string, string>;
  /** Every Lambda response by state name (a Map state's iterations under the inner state's name). */
  tasks: Record<string, TaskRecord[]>;
}

/** One line of the run summary table (the CLI adds the step's wall time). */
export interface SummaryRow {
  step: string;
  rowsIn: string;
  rowsOut: string;
  note: string;
}

/** The pipeline-specific part of the run summary; quarantine, gates, watermark, alerts and failure are the CLI's. */
export interface PipelineSummary {
  rows: SummaryRow[];
  /** Quarantined items by reason (ids or "N rows"). */
  quarantine: Record<string, string[]>;
  /** Extra paragraphs printed after the quarantine list (e.g. a loud SYNTHETIC label). */
  notes: string[];
}

/** Where a `--from` run starts and with which execution state. */
interface ResumePoint {
  startAt: string;
  input: Record<string, unknown>;
  note?: string;
}

/** What `lake` gives a pipeline command besides its arguments. */
export interface CommandContext {
  /**
   * The `handler` export of a function package (e.g. `@medallion/fn-ndjson-manifest-builder`), imported on first
   * use: a Lambda handler `(event, context) => Promise<result>` the command invokes as Lambda would.
   */
  loadHandler(packageName: string): Promise<unknown>;
}

/** A command a pipeline adds to `lake` (e.g. `lake house-fd parse <file>`). */
export interface PipelineCommand {
  usage: string;
  /** Returns the exit code; throw UsageError for a usage mistake (exit 2). */
  run(argv: string[], context?: CommandContext): Promise<number>;
}

export interface PipelineDefinition {
  /** The state machine's name, as in `lake run <name>` and Terraform. */
  name: string;
  /** The ASL file, relative to the repository root (e.g. state_machines/house_fd_pipeline.json). */
  definitionFile: string;
  /** ${placeholder} in the ASL → the workspace function package whose `handler` serves it. */
  functions: Record<string, string>;
  /** The `--source` used when none is given (relative to the current directory). */
  defaultSource: string;
  /** Environment variables the functions read (as Terraform sets them in AWS). */
  env(local: LocalEnvironment): Record<string, string>;
  /** Default execution input. */
  input?: Record<string, unknown>;
  /** Top-level states `--from` accepts (checked before anything is created). */
  resumableStates: readonly string[];
  /** The state and execution input for `--from STATE`, rebuilt from what the lake holds (process.env is the functions' by then). */
  resume(startAt: string): Promise<ResumePoint>;
  /** The watermark the pipeline advances (shown before → after in the summary). */
  watermarkId(): string;
  /** The pipeline's rows of the run summary. */
  summarize(run: RunView): PipelineSummary;
  /** Dataset name → lake key pattern, for `lake quality scan` (see @medallion/quality). */
  datasets?: Record<string, string>;
  /** Extra `lake <command>` entries. */
  commands?: Record<string, PipelineCommand>;
}

/** Identity, for type checking a registration where it is written. */
export function definePipeline(definition: PipelineDefinition): PipelineDefinition {
  return definition;
}

/** A mistake on the command line: `lake` prints the message and its usage, exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
