// Types of node-flags.mjs (plain JavaScript, read by the launcher before tsx loads).
export function defaultDeviceThreads(cores: number): number;
export function deviceThreads(args: string[], cores: number): number;
export function nodeFlagsFor(args: string[], cores: number): string[];
