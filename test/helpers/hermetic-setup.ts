// Runs in every test worker before its file: in-process code (install, explain, setup) and any child
// that inherits the environment see the stand-ins, never the machine's passwd home or gateway locks.
import { afterAll } from 'vitest';
import { hermeticEnv, removeHermeticDirs } from './hermetic.ts';

// Forced, not defaulted: an outer value (a gateway host's, or the proof in test/hermetic) must not leak in.
Object.assign(process.env, hermeticEnv());
// This worker's own Node gets the same view for the code it runs in process.
await import('./host-view.mjs');
afterAll(removeHermeticDirs);
