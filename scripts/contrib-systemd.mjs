// Rewrites contrib/systemd/ from src/setup/doctor-timer.ts with placeholders (setup prints them filled in).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRIB_PLACEHOLDERS, doctorTimerUnits } from '../src/setup/doctor-timer.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'contrib', 'systemd');
fs.mkdirSync(dir, { recursive: true });
for (const f of doctorTimerUnits(CONTRIB_PLACEHOLDERS).files) fs.writeFileSync(path.join(dir, f.name), f.text);
