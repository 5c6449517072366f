// The exit code a command chose (findings → 1); main() resets it before each run.
let code = 0;

export function setExitCode(n: number): void {
  code = Math.max(code, n);
}

export function takeExitCode(): number {
  const n = code;
  code = 0;
  return n;
}
