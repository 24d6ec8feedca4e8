export declare const CLI_DIR: string;
export declare const BUNDLE: string;
export declare function bundleIsStale(): boolean;
export declare const SCANNER_COPY: string;
export declare function scannerCopyIsStale(): boolean;
export declare function buildBundle(): Promise<void>;
export declare function ensureBundle(): Promise<void>;
