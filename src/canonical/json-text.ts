// JSON.parse that answers with a reason instead of throwing, for files that validate what they read.

export type JsonRead = { ok: true; data: unknown } | { ok: false; reason: string };

export function readJsonText(text: string): JsonRead {
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `not JSON (${(error as Error).message})` };
  }
}
