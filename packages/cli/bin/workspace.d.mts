export declare const REPO_ROOT: string;
export interface WorkspacePackage { name: string; dir: string; manifest: Record<string, any> }
export declare function workspacePackages(root?: string): WorkspacePackage[];
export declare function entryOf(pkg: WorkspacePackage): string;
export declare function pipelineRegistrations(root?: string): { packageName: string; file: string }[];
export declare function commandRegistrations(root?: string): { packageName: string; file: string }[];
export declare function newestSourceMtime(root?: string): number;
