// The Node flags a command is started with, decided before any TypeScript loads (plain JavaScript:
// the launcher reads it before registering tsx). A device check whose threads take every core runs
// under V8's single-threaded garbage collector: its helper threads would take the cores from the
// check's own threads (two threads on two cores: 5.4-6.2 s without it, 5.0-5.6 s with it). With a
// core to spare they help: one thread on two cores took 7.5-7.8 s without it, 8.1-9.0 s with it.

/** The threads a device check runs on by default: the cores, at most 4 (a phone has two or three big databases). */
export function defaultDeviceThreads(cores) {
  return Math.min(cores, 4);
}

/** The threads `vigil device check-*` runs with, from its arguments (as the command reads them). */
export function deviceThreads(args, cores) {
  const at = args.findIndex((a) => a === '--threads' || a.startsWith('--threads='));
  if (at < 0) return defaultDeviceThreads(cores);
  const value = args[at].includes('=') ? args[at].slice(args[at].indexOf('=') + 1) : args[at + 1];
  return Number(value);
}

/** The V8 flags to start Node with for these command-line arguments, on a machine of `cores`. */
export function nodeFlagsFor(args, cores) {
  if (args[0] !== 'device' || !/^check-/.test(args[1] ?? '')) return [];
  const threads = deviceThreads(args, cores);
  return Number.isInteger(threads) && threads > 1 && threads >= cores ? ['--single-threaded-gc'] : [];
}
