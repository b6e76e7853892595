// The systemd service and timer that run doctor --textfile every minute as the state's owner (pure text).

export const DOCTOR_SERVICE = 'openclaw-shim-doctor.service';
export const DOCTOR_TIMER = 'openclaw-shim-doctor.timer';
/** Debian's prometheus-node-exporter reads this dir (its --collector.textfile.directory). */
export const DEFAULT_TEXTFILE_DIR = '/var/lib/prometheus/node-exporter';

export interface DoctorTimerInput {
  stateDir: string;
  /** The Node and the openclaw-shim entry script the service runs. */
  node: string;
  cli: string;
  textfileDir: string;
  /** A system unit (root): it runs as this user, the state dir's owner. Absent: a user unit. */
  user?: string;
}

export interface DoctorTimer {
  /** Where systemd looks for them (system or user units). */
  unitDir: string;
  files: Array<{ name: string; text: string }>;
  /** What to run once they are in place. */
  commands: string[];
}

/** systemd's quoting for one ExecStart= word: double quotes when it holds a space or a quote. */
const word = (s: string): string =>
  /[\s"'\\$%;]/.test(s)
    ? `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`
    : s;

/** Free text in a unit (Description=): `%` starts a specifier. */
const text = (s: string): string => s.replace(/%/g, '%%');

export function doctorTimerUnits(i: DoctorTimerInput): DoctorTimer {
  const system = i.user !== undefined;
  const systemctl = system ? 'systemctl' : 'systemctl --user';
  const exec = [i.node, i.cli, 'doctor', '--state-dir', i.stateDir, '--textfile', i.textfileDir].map(word).join(' ');
  const service = [
    "# openclaw-shim: doctor for node_exporter's textfile collector (docs/monitoring.md); started by openclaw-shim-doctor.timer.",
    '[Unit]',
    `Description=openclaw-shim doctor on ${text(i.stateDir)} (metrics for node_exporter)`,
    '# OnFailure= is yours to add (e.g. OnFailure=notify-admin@%n.service): doctor exits 1 on findings, so it then',
    '# fires on every finding as well as when doctor cannot run (66: state dir gone, 73: textfile not writable).',
    '',
    '[Service]',
    'Type=oneshot',
    ...(system ? [`User=${i.user}`] : []),
    `ExecStart=${exec}`,
    // A user manager cannot mount namespaces without PrivateUsers=: the sandbox is the system unit's.
    ...(system
      ? [
          '# Read-only everywhere but the textfile dir: doctor writes nothing else.',
          'ProtectSystem=strict',
          `ReadWritePaths=${word(i.textfileDir)}`,
        ]
      : []),
    '# doctor keeps its per-store result cache here ($CACHE_DIRECTORY): unchanged stores are not read again.',
    'CacheDirectory=openclaw-shim',
    'NoNewPrivileges=yes',
    'Nice=10',
    'IOSchedulingClass=idle',
    '',
  ].join('\n');
  const timer = [
    '# openclaw-shim: runs openclaw-shim-doctor.service every minute (docs/monitoring.md).',
    '[Unit]',
    `Description=openclaw-shim doctor every minute on ${text(i.stateDir)}`,
    '',
    '[Timer]',
    'OnCalendar=minutely',
    'AccuracySec=5s',
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return {
    unitDir: system ? '/etc/systemd/system' : '~/.config/systemd/user',
    files: [
      { name: DOCTOR_SERVICE, text: service },
      { name: DOCTOR_TIMER, text: timer },
    ],
    commands: [`${systemctl} daemon-reload`, `${systemctl} enable --now ${DOCTOR_TIMER}`],
  };
}

/** The values contrib/systemd/ shows in their place (`npm run contrib:systemd` writes those files). */
export const CONTRIB_PLACEHOLDERS: DoctorTimerInput = {
  stateDir: '@STATE_DIR@',
  node: '@NODE@',
  cli: '@OPENCLAW_SHIM@',
  textfileDir: DEFAULT_TEXTFILE_DIR,
  user: '@STATE_OWNER@',
};
