// Entry of dist/launch.mjs (bin openclaw-codex-launch): one bundled file, node: builtins only.
import { runLauncher } from './launcher.ts';

runLauncher(process.argv.slice(2));
