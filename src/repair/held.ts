// Why repair keeps a shadow tree that canonical paths resolve into, or whose canonical store dangles (one sentence each).
import type { DanglingCanonical, LinkedIntoShadow } from '../store/canonical-links.ts';
import { replaceLinkWithCopy } from '../lib/shell-words.ts';

/** The tree holds the gateway's data through these links: the manual step replaces each link with a real copy. */
export function heldWhy(linked: LinkedIntoShadow[]): string {
  const links = [...new Map(linked.map((l) => [l.link, l])).values()];
  const what = links.map((l) => `${l.link} -> ${l.linkTarget}`).join(', ');
  const steps = links.map((l) => replaceLinkWithCopy(l.link, l.linkTarget, l.isDir)).join(' && ');
  return `canonical state resolves into this tree (${what}): it holds the gateway's data, so it is not backed up, merged from, removed or linked over; with the gateway stopped, replace each link with a real copy (${steps}), then re-run repair --apply`;
}

/** A shadow store whose canonical counterpart is a dangling symlink: nothing to merge into. */
export const danglingWhy = (store: string, d: DanglingCanonical): string =>
  `the canonical ${d.path} of ${store} is a dangling symlink (to ${d.target}, which does not exist), so nothing of it was merged; put the canonical data back (openclaw-shim doctor says how), then re-run repair --apply`;
