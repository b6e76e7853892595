// A small, tolerant JSON5 reader for OpenClaw's config (read-only; comments, unquoted keys, trailing commas).

export class Json5Error extends Error {
  readonly offset: number;

  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'Json5Error';
    this.offset = offset;
  }
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT_PART = /[A-Za-z0-9_$]/;
const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '0': '\0' };

/** Parses JSON5 text into plain values; throws Json5Error on text it cannot read. */
export function parseJson5(text: string): unknown {
  const p = new Parser(text);
  const value = p.value();
  p.skip();
  if (p.i < text.length) throw new Json5Error('unexpected trailing text', p.i);
  return value;
}

class Parser {
  i = 0;
  private readonly s: string;

  constructor(text: string) {
    this.s = text;
  }

  skip(): void {
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) return;
      if (/\s|\uFEFF/.test(c)) this.i++;
      else if (this.s.startsWith('//', this.i)) this.i = this.endOf('\n', this.i);
      else if (this.s.startsWith('/*', this.i)) this.i = this.endOf('*/', this.i + 2) + 1;
      else return;
    }
  }

  private endOf(marker: string, from: number): number {
    const at = this.s.indexOf(marker, from);
    if (at < 0 && marker === '*/') throw new Json5Error('unterminated comment', from);
    return at < 0 ? this.s.length : at + 1;
  }

  value(): unknown {
    this.skip();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string();
    if (c !== undefined && /[-+.0-9]/.test(c)) return this.number();
    const word = this.ident();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    if (word === 'Infinity') return Infinity;
    if (word === 'NaN') return NaN;
    throw new Json5Error(`unexpected ${c === undefined ? 'end of text' : JSON.stringify(c)}`, this.i);
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === '}') return (this.i++, out);
      const c = this.s[this.i];
      const key = c === '"' || c === "'" ? this.string() : this.ident();
      if (!key) throw new Json5Error('expected a key', this.i);
      this.skip();
      if (this.s[this.i] !== ':') throw new Json5Error('expected ":"', this.i);
      this.i++;
      Object.defineProperty(out, key, { value: this.value(), enumerable: true, writable: true, configurable: true });
      if (!this.separator('}')) return out;
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.i++;
    for (;;) {
      this.skip();
      if (this.s[this.i] === ']') return (this.i++, out);
      out.push(this.value());
      if (!this.separator(']')) return out;
    }
  }

  /** After an item: a comma (continue) or the closer (consumed, stop). */
  private separator(close: string): boolean {
    this.skip();
    const c = this.s[this.i];
    if (c === ',') return (this.i++, true);
    if (c === close) return (this.i++, false);
    throw new Json5Error(`expected "," or "${close}"`, this.i);
  }

  private ident(): string {
    const start = this.i;
    if (!IDENT_START.test(this.s[this.i] ?? '')) return '';
    while (IDENT_PART.test(this.s[this.i] ?? '')) this.i++;
    return this.s.slice(start, this.i);
  }

  private string(): string {
    const quote = this.s[this.i++];
    let out = '';
    for (;;) {
      const c = this.s[this.i++];
      if (c === undefined) throw new Json5Error('unterminated string', this.i);
      if (c === quote) return out;
      if (c !== '\\') {
        out += c;
        continue;
      }
      out += this.escape();
    }
  }

  private escape(): string {
    const e = this.s[this.i++] ?? '';
    if (e in ESCAPES) return ESCAPES[e]!;
    if (e === '\n') return '';
    if (e === '\r') return this.s[this.i] === '\n' ? (this.i++, '') : '';
    if (e === 'x' || e === 'u') {
      const len = e === 'x' ? 2 : 4;
      const hex = this.s.slice(this.i, this.i + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) throw new Json5Error('bad escape', this.i);
      this.i += len;
      return String.fromCharCode(parseInt(hex, 16));
    }
    return e;
  }

  private number(): number {
    const m = /^[-+]?(?:0[xX][0-9a-fA-F]+|Infinity|NaN|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)/.exec(
      this.s.slice(this.i, this.i + 400),
    );
    if (!m) throw new Json5Error('bad number', this.i);
    this.i += m[0].length;
    const t = m[0];
    const sign = t.startsWith('-') ? -1 : 1;
    const body = t.replace(/^[-+]/, '');
    if (/^0[xX]/.test(body)) return sign * parseInt(body, 16);
    return sign * Number(body);
  }
}
