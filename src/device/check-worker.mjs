// A device check's worker thread starts here: vigil runs its TypeScript through tsx, whose loader
// each thread registers for itself.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
