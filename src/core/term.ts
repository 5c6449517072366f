// Terminal helpers: colour that respects NO_COLOR and non-TTY output, and a progress bar on stderr
// that only draws for an interactive terminal (CI logs stay clean).

const useColor = (): boolean =>
  process.env.NO_COLOR === undefined && process.env.FORCE_COLOR !== '0' && Boolean(process.stdout.isTTY);

const wrap = (open: number, close: number) => (s: string) => (useColor() ? `\u001b[${open}m${s}\u001b[${close}m` : s);

export const color = {
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  bold: wrap(1, 22),
  dim: wrap(2, 22),
};

export interface Progress {
  update(done: number): void;
  finish(): void;
}

/** A progress bar for work measured in units (bytes, events); silent unless stderr is a TTY. */
export function progressBar(label: string, total: number, unit = ''): Progress {
  const enabled = Boolean(process.stderr.isTTY) && total > 0 && process.env.VIGIL_NO_PROGRESS === undefined;
  const started = Date.now();
  let lastDraw = 0;
  const draw = (done: number) => {
    const frac = Math.min(1, done / total);
    const width = 28;
    const filled = Math.round(frac * width);
    const secs = (Date.now() - started) / 1000;
    const eta = frac > 0 ? secs / frac - secs : 0;
    process.stderr.write(
      `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ` +
        `${formatCount(done)}/${formatCount(total)}${unit} eta ${eta.toFixed(0)}s `,
    );
  };
  return {
    update(done) {
      if (!enabled) return;
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(done);
    },
    finish() {
      if (!enabled) return;
      draw(total);
      process.stderr.write('\n');
    },
  };
}

export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(0)}k`;
  return String(n);
}
