// Finds Debian's prometheus tools (promtool, prometheus, prometheus-node-exporter), installing them once with apt when allowed.
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from '../helpers/paths.ts';

export interface PromTools {
  promtool: string;
  prometheus: string;
  nodeExporter: string;
}

const which = (name: string): string | undefined => {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() || undefined : undefined;
};

const found = (): PromTools | undefined => {
  const promtool = which('promtool');
  const prometheus = which('prometheus');
  const nodeExporter = which('prometheus-node-exporter') ?? which('node_exporter');
  return promtool && prometheus && nodeExporter ? { promtool, prometheus, nodeExporter } : undefined;
};

/**
 * The tools, or why not. As root with apt-get, the Debian packages are installed (services not started)
 * when the archive has them (`.ci/run` does the same up front); otherwise the caller skips and says why.
 */
export function promTools(): { tools: PromTools } | { skip: string } {
  const have = found();
  if (have) return { tools: have };
  if (process.getuid?.() !== 0 || !which('apt-get'))
    return {
      skip: 'promtool/prometheus/prometheus-node-exporter are not installed and apt-get cannot be used here (not root, or no apt)',
    };
  try {
    execFileSync(path.join(ROOT, 'scripts/install-prometheus-tools.sh'), { stdio: 'ignore', timeout: 600_000 });
  } catch (error) {
    return {
      skip: `scripts/install-prometheus-tools.sh failed (${(error as Error).message.split('\n')[0]}): Debian's prometheus packages are not available here`,
    };
  }
  const now = found();
  return now
    ? { tools: now }
    : {
        skip: 'apt-get installed the packages but promtool, prometheus or prometheus-node-exporter is still not on PATH',
      };
}
