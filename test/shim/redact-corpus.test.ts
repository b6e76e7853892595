// The corpus of argv forms the redirect log sees: every secret form (issue 14's leaks and those handled
// before) is hidden, and every non-secret value (real OpenClaw 2026.5.12/2026.9.6 options) stays as typed.
import { describe, expect, it } from 'vitest';
import { REDACTED as R, redactArgv } from '../../src/shim/redact.ts';

const S = 'S3cr3t-v4lue';

/** [args, as logged]: each hides S. */
const secretForms: Array<[string[], string[]]> = [
  // Secret options, both spellings (OpenClaw's own: gateway, channels, onboard, googlemeet, matrix).
  [
    ['gateway', 'call', 'health', '--token', S],
    ['gateway', 'call', 'health', '--token', R],
  ],
  [
    ['gateway', 'call', 'health', `--token=${S}`],
    ['gateway', 'call', 'health', `--token=${R}`],
  ],
  [
    ['gateway', 'probe', '--password', S],
    ['gateway', 'probe', '--password', R],
  ],
  [
    [`--password=${S}`, 'status'],
    [`--password=${R}`, 'status'],
  ],
  [
    ['gateway', 'probe', '--remote-password', S],
    ['gateway', 'probe', '--remote-password', R],
  ],
  [
    ['channels', 'add', '--channel', 'telegram', '--bot-token', S],
    ['channels', 'add', '--channel', 'telegram', '--bot-token', R],
  ],
  [
    ['channels', 'add', `--bot-token=${S}`],
    ['channels', 'add', `--bot-token=${R}`],
  ],
  [
    ['onboard', '--openai-api-key', S],
    ['onboard', '--openai-api-key', R],
  ],
  [
    ['onboard', `--xiaomi-token-plan-api-key=${S}`],
    ['onboard', `--xiaomi-token-plan-api-key=${R}`],
  ],
  [
    ['googlemeet', 'create', '--client-secret', S, '--refresh-token', S],
    ['googlemeet', 'create', '--client-secret', R, '--refresh-token', R],
  ],
  [
    ['matrix', 'verify', '--recovery-key', S],
    ['matrix', 'verify', '--recovery-key', R],
  ],
  [
    ['channels', 'add', `--private-key=${S}`],
    ['channels', 'add', `--private-key=${R}`],
  ],
  // A `KEY=value` option value: `config set`'s provider builder, MCP servers' env, headers.
  [
    ['config', 'set', 'secrets.providers.v', '--provider-source', 'exec', '--provider-env', `OPENAI_API_KEY=${S}`],
    ['config', 'set', 'secrets.providers.v', '--provider-source', 'exec', '--provider-env', `OPENAI_API_KEY=${R}`],
  ],
  [
    ['config', 'set', 'secrets.providers.v', '--provider-source', 'exec', `--provider-env=OPENAI_API_KEY=${S}`],
    ['config', 'set', 'secrets.providers.v', '--provider-source', 'exec', `--provider-env=OPENAI_API_KEY=${R}`],
  ],
  [
    ['mcp', 'add', 'gh', `--env=GITHUB_TOKEN=${S}`],
    ['mcp', 'add', 'gh', `--env=GITHUB_TOKEN=${R}`],
  ],
  [
    ['mcp', 'add', 'gh', '--env', `GITHUB_TOKEN=${S}`],
    ['mcp', 'add', 'gh', '--env', `GITHUB_TOKEN=${R}`],
  ],
  [
    ['--header', `Authorization=Bearer ${S}`],
    ['--header', `Authorization=${R}`],
  ],
  [[`--header=X-Api-Key=${S}`], [`--header=X-Api-Key=${R}`]],
  [
    ['--header', `Authorization: Bearer ${S}`],
    ['--header', `Authorization: ${R}`],
  ],
  [
    ['--headers-json', `{"Authorization":"Bearer ${S}","Accept":"x"}`],
    ['--headers-json', `{"Authorization":"${R}","Accept":"x"}`],
  ],
  [
    ['--header', `Cookie: sid=${S}`],
    ['--header', `Cookie: ${R}`],
  ],
  // URL userinfo of any shape.
  [
    ['--url', `https://user:${S}@example.com/x`],
    ['--url', `https://user:${R}@example.com/x`],
  ],
  [
    ['--url', `https://${S}@github.com/org/repo.git`],
    ['--url', `https://${R}@github.com/org/repo.git`],
  ],
  [
    ['--url', `https://user:p@${S}@example.com/`],
    ['--url', `https://user:${R}@example.com/`],
  ],
  [
    ['--url', `https://user:ab/${S}@example.com/x`],
    ['--url', `https://user:${R}@example.com/x`],
  ],
  [
    ['--url', `https://user:ab#${S}@example.com`],
    ['--url', `https://user:${R}@example.com`],
  ],
  [
    ['--url', `https://user:123/${S}@db.example.com/x`],
    ['--url', `https://user:${R}@db.example.com/x`],
  ],
  [
    ['--url', `postgres://app:p%40${S}@db:5432/x`],
    ['--url', `postgres://app:${R}@db:5432/x`],
  ],
  [[`--url=wss://user:${S}@gw.example.com:8443/ws`], [`--url=wss://user:${R}@gw.example.com:8443/ws`]],
  [
    ['agent', '-m', `clone https://x-access-token:${S}@github.com/o/r then build`],
    ['agent', '-m', `clone https://x-access-token:${R}@github.com/o/r then build`],
  ],
  // Secret query parameters.
  [
    ['--url', `wss://gw/ws?token=${S}&x=1`],
    ['--url', `wss://gw/ws?token=${R}&x=1`],
  ],
  [
    ['--url', `https://h/cb?access_token=${S}`],
    ['--url', `https://h/cb?access_token=${R}`],
  ],
  [
    ['--webhook-url', `https://chat.googleapis.com/v1/spaces/A/messages?key=${S}&token=${S}`],
    ['--webhook-url', `https://chat.googleapis.com/v1/spaces/A/messages?key=${R}&token=${R}`],
  ],
  [
    ['--webhook', `https://p.logic.azure.com/workflows/1/triggers/m/paths/invoke?api-version=1&sig=${S}`],
    ['--webhook', `https://p.logic.azure.com/workflows/1/triggers/m/paths/invoke?api-version=1&sig=${R}`],
  ],
  // Webhook URLs whose path is the secret.
  [
    ['--webhook-url', `https://hooks.slack.com/services/T0AAA/B0BBB/${S}`],
    ['--webhook-url', `https://hooks.slack.com/services/${R}`],
  ],
  [
    ['config', 'set', 'hooks.url', `https://discord.com/api/webhooks/1234567890/${S}`],
    ['config', 'set', 'hooks.url', `https://discord.com/api/webhooks/1234567890/${R}`],
  ],
  [
    ['--webhook', `https://ptb.discordapp.com/api/v10/webhooks/1/${S}?wait=true`],
    ['--webhook', `https://ptb.discordapp.com/api/v10/webhooks/1/${R}?wait=true`],
  ],
  [
    ['--url', `https://api.telegram.org/bot123456789:${S}/sendMessage`],
    ['--url', `https://api.telegram.org/bot${R}/sendMessage`],
  ],
  [
    ['--url', `https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/${S}`],
    ['--url', `https://contoso.webhook.office.com/webhookb2/${R}`],
  ],
  [
    ['--url', `https://hooks.zapier.com/hooks/catch/123/${S}/`],
    ['--url', `https://hooks.zapier.com/hooks/catch/123/${R}/`],
  ],
  [
    ['--url', `https://maker.ifttt.com/trigger/door/with/key/${S}`],
    ['--url', `https://maker.ifttt.com/trigger/door/with/key/${R}`],
  ],
  [
    ['--url', `https://open.feishu.cn/open-apis/bot/v2/hook/${S}`],
    ['--url', `https://open.feishu.cn/open-apis/bot/v2/hook/${R}`],
  ],
  // Flags no OpenClaw command defines, whose conventional meaning is a secret; --pin where it is a PIN.
  [
    ['nodes', 'run', '-p', S],
    ['nodes', 'run', '-p', R],
  ],
  [
    ['nodes', 'run', `-p=${S}`],
    ['nodes', 'run', `-p=${R}`],
  ],
  [
    ['x', '--pass', S],
    ['x', '--pass', R],
  ],
  [
    ['x', `--pass=${S}`],
    ['x', `--pass=${R}`],
  ],
  [
    ['x', '--key', S],
    ['x', '--key', R],
  ],
  [
    ['x', `--key=${S}`],
    ['x', `--key=${R}`],
  ],
  [
    ['googlemeet', 'join', 'https://meet.google.com/abc-defg-hij', '--pin', S],
    ['googlemeet', 'join', 'https://meet.google.com/abc-defg-hij', '--pin', R],
  ],
  [
    ['googlemeet', 'create', '--dtmf-sequence', `ww${S}#`],
    ['googlemeet', 'create', '--dtmf-sequence', R],
  ],
  // A child program after `--` (`openclaw proxy run -- CMD`): its own password flags.
  [
    ['proxy', 'run', '--', 'mysql', '-u', 'root', `-p${S}`],
    ['proxy', 'run', '--', 'mysql', '-u', 'root', `-p${R}`],
  ],
  [
    ['proxy', 'run', '--', 'sshpass', '-p', S, 'ssh', 'host'],
    ['proxy', 'run', '--', 'sshpass', '-p', R, 'ssh', 'host'],
  ],
  [
    ['proxy', 'run', '--', '/usr/bin/redis-cli', '-a', S],
    ['proxy', 'run', '--', '/usr/bin/redis-cli', '-a', R],
  ],
  [
    ['proxy', 'run', '--', 'curl', '-u', `admin:${S}`, 'https://x'],
    ['proxy', 'run', '--', 'curl', '-u', `admin:${R}`, 'https://x'],
  ],
  [
    ['proxy', 'run', '--', 'docker', 'login', '-u', 'me', '-p', S],
    ['proxy', 'run', '--', 'docker', 'login', '-u', 'me', '-p', R],
  ],
  [
    ['proxy', 'run', '--', 'somecli', '-p', S],
    ['proxy', 'run', '--', 'somecli', '-p', R],
  ],
  [
    ['proxy', 'run', '--', 'somecli', '--db-password', S],
    ['proxy', 'run', '--', 'somecli', '--db-password', R],
  ],
  // `KEY=value` as an argument and inside one.
  [[`OPENAI_API_KEY=${S}`], [`OPENAI_API_KEY=${R}`]],
  [
    ['-c', `model_providers.x.api_key=${S}`],
    ['-c', `model_providers.x.api_key=${R}`],
  ],
  [
    ['proxy', 'run', '--', 'sh', '-c', `env OPENAI_API_KEY=${S} node x.js`],
    ['proxy', 'run', '--', 'sh', '-c', `env OPENAI_API_KEY=${R} node x.js`],
  ],
  [
    ['agent', '-m', `use DB_PASSWORD="${S}" and PORT=5432`],
    ['agent', '-m', `use DB_PASSWORD=${R} and PORT=5432`],
  ],
  [
    ['x', `a=1,channels.telegram.botToken=${S}`],
    ['x', `a=1,channels.telegram.botToken=${R}`],
  ],
  [
    ['agent', '-m', `send with Authorization=Bearer ${S} please`],
    ['agent', '-m', `send with Authorization=${R} please`],
  ],
  // config set values after a secret key, JSON arguments, Bearer text (handled before issue 14).
  [
    ['config', 'set', 'gateway.auth.token', S],
    ['config', 'set', 'gateway.auth.token', R],
  ],
  [
    ['config', 'set', 'channels.telegram.botToken', S, '--json'],
    ['config', 'set', 'channels.telegram.botToken', R, '--json'],
  ],
  [
    ['config', 'set', 'gateway.auth.token', '--expect-current-json', `"old-${S}"`, S],
    ['config', 'set', 'gateway.auth.token', '--expect-current-json', R, R],
  ],
  [
    ['config', 'set', '--strict-json', 'gateway.auth.password', `"${S}"`],
    ['config', 'set', '--strict-json', 'gateway.auth.password', R],
  ],
  [
    ['config', 'patch', `{"gateway":{"auth":{"token":"${S}"}},"port":1}`],
    ['config', 'patch', `{"gateway":{"auth":{"token":"${R}"}},"port":1}`],
  ],
  [
    ['config', 'patch', `{ gateway: { auth: { token: '${S}' } } }`],
    ['config', 'patch', `{ gateway: { auth: { token: "${R}" } } }`],
  ],
  [
    ['config', 'set', '--batch-json', `[{"path":"models.providers.x.apiKey","value":"${S}"}]`],
    ['config', 'set', '--batch-json', `[{"path":"models.providers.x.apiKey","value":"${R}"}]`],
  ],
  [
    ['gateway', 'call', 'x', '--params', `{"password":"${S}","key":"agent:main:main"}`],
    ['gateway', 'call', 'x', '--params', `{"password":"${R}","key":"agent:main:main"}`],
  ],
  [
    ['agent', '-m', `curl -H 'Bearer ${S}'`],
    ['agent', '-m', `curl -H 'Bearer ${R}'`],
  ],
];

/** Logged exactly as typed. */
const keptForms: string[][] = [
  [
    'config',
    'set',
    'secrets.providers.v',
    '--provider-source',
    'exec',
    '--provider-command',
    '/usr/local/bin/vault-env',
    '--provider-arg',
    'read',
  ],
  [
    'config',
    'set',
    'secrets.providers.v',
    '--provider-pass-env',
    'OPENAI_API_KEY',
    '--provider-allowlist',
    'ANTHROPIC_API_KEY',
  ],
  ['config', 'set', 'gateway.auth.mode', 'token'],
  ['config', 'set', 'gateway.auth.token', '--ref-provider', 'vault', '--ref-source', 'exec', '--ref-id', 'gateway'],
  ['config', 'set', 'gateway.port', '18789'],
  ['config', 'get', 'gateway.auth.token'],
  ['sessions', '--agent', 'main', '--json'],
  [
    '--profile',
    'work',
    'sessions',
    'cleanup',
    '--store',
    '/home/u/.openclaw/agents/main/sessions/sessions.json',
    '--enforce',
  ],
  ['gateway', 'call', 'health', '--token-file', '/run/secrets/gw-token', '--password-file', '/run/secrets/gw-pw'],
  ['onboard', '--auth-choice', 'token', '--token-provider', 'openai', '--secret-input-mode', 'plaintext'],
  ['onboard', '--generate-gateway-token', '--json'],
  ['backup', 'create', '--include-secrets', '--verify'],
  ['plugins', 'install', '--pin', '@openclaw/codex@2026.9.6'],
  ['message', 'send', '--pin', '-t', '+15551234567', '-m', 'hello world'],
  ['gateway', 'run', '--auth', 'token', '--bind', 'loopback'],
  ['gateway', 'run', '--auth=password'],
  ['sessions', 'delete', '--key', 'agent:main:main', '--session-key', 'agent:x:y'],
  ['gateway', 'probe', '--client-key', '/etc/openclaw/tls/client.key', '--client-cert', '/etc/openclaw/tls/client.crt'],
  ['gateway', 'call', 'send', '--idempotency-key', 'run-42'],
  ['matrix', 'verify', '--recovery-key-stdin'],
  ['--url', 'wss://gw.example.com:8443/ws'],
  ['--url', 'https://discord.com/api/users/@me'],
  ['--url', 'https://gw.example.com:8443/users/@alice'],
  ['--url', 'https://example.com/p?email=a@b.com&page=2'],
  ['--url', 'https://hooks.slack.com/'],
  ['--media', '/home/u/Pictures/cat.png', '--channel', 'telegram'],
  ['-c', 'model=gpt-5', 'OPENCLAW_STATE_DIR=/srv/openclaw/state', 'PWD=/home/u'],
  ['mcp', 'add', 'x', '--env', 'NODE_ENV=production', '--header', 'Accept=application/json'],
  ['proxy', 'run', '--port', '8080', '--', 'ssh', '-p', '2222', 'deploy@host.example.com'],
  ['proxy', 'run', '--', 'psql', '-h', 'db', '-p', '5432'],
  ['proxy', 'run', '--', 'docker', 'run', '-p', '8080:80', 'nginx'],
  ['proxy', 'run', '--', 'curl', '-u', 'admin', 'https://x'],
  ['agent', '-m', 'the token rotates daily; see https://docs.openclaw.ai/gateway#auth'],
  ['agent', '--message', 'password: use the vault', '--thinking', 'high'],
];

describe('the secret corpus', () => {
  it.each(secretForms)('%j', (args, want) => {
    const got = redactArgv(args);
    expect(got).toEqual(want);
    expect(JSON.stringify(got)).not.toContain(S);
  });
});

describe('the non-secret corpus', () => {
  it.each(keptForms.map((a) => [a]))('%j', (args) => {
    expect(redactArgv(args)).toEqual(args);
  });
});
