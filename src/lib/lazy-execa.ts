// Loads execa on first use: importing it touches process.stdin (a piped stdin turns non-blocking),
// which commands that hand their stdio to another program (`launch`) must never do.
import type { execa as Execa } from 'execa';

export async function loadExeca(): Promise<typeof Execa> {
  return (await import('execa')).execa;
}
