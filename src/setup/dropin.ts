// The systemd drop-in setup prints (never writes): the canonical paths in the gateway's unit (pure).

export interface DropIn {
  path: string;
  text: string;
  commands: string[];
}

/** Root gateways run as system units, others as user units; OPENCLAW_SYSTEMD_UNIT names a custom one. */
export function systemdDropIn(opts: {
  stateDir: string;
  configPath: string;
  unit?: string;
  profile?: string;
  root: boolean;
}): DropIn {
  const unit =
    opts.unit?.trim() ||
    (opts.profile && opts.profile !== 'default'
      ? `openclaw-gateway-${opts.profile}.service`
      : 'openclaw-gateway.service');
  const base = opts.root ? '/etc/systemd/system' : '~/.config/systemd/user';
  const systemctl = opts.root ? 'systemctl' : 'systemctl --user';
  return {
    path: `${base}/${unit}.d/openclaw-shim.conf`,
    text: [
      '# openclaw-shim: pin the gateway to its canonical state (belt and braces)',
      '[Service]',
      `Environment=OPENCLAW_STATE_DIR=${opts.stateDir}`,
      `Environment=OPENCLAW_CONFIG_PATH=${opts.configPath}`,
      '',
    ].join('\n'),
    commands: [`${systemctl} daemon-reload`, `${systemctl} restart ${unit}`],
  };
}
