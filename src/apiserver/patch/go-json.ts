/**
 * JSON decoding with Go's `encoding/json` syntax error messages ("invalid character 'x' looking for
 * beginning of value", "unexpected end of JSON input"), which kube-apiserver returns verbatim in
 * 400 responses to malformed patch bodies. A byte scanner checks the syntax the way Go's does;
 * `JSON.parse` then builds the value.
 */
import type { JsonValue } from './json-value.js';

/** A syntax error with Go's wording. */
export class GoJsonSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GoJsonSyntaxError';
  }
}

const END = -1;

/** Parses JSON text, throwing GoJsonSyntaxError with Go's message when it is malformed. */
export function decodeGoJson(body: Buffer | string): JsonValue {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  new Scanner(bytes).checkValid();
  return JSON.parse(bytes.toString('utf8')) as JsonValue;
}

/** `quoteChar` from encoding/json: how a byte is shown in a syntax error. */
function quoteChar(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  // Go converts the byte to a rune (so 0xc3 shows as 'Ã') and quotes it.
  const quoted = goQuoteRune(byte);
  return `'${quoted}'`;
}

function goQuoteRune(code: number): string {
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 92: '\\\\' };
  const name = named[code];
  if (name !== undefined) return name;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code >= 0x80 && code < 0xa0) return `\\u${code.toString(16).padStart(4, '0')}`;
  return String.fromCharCode(code);
}

class Scanner {
  private pos = 0;

  constructor(private readonly bytes: Buffer) {}

  checkValid(): void {
    this.value();
    this.skipSpace();
    if (this.peek() !== END) this.fail('after top-level value');
  }

  private peek(): number {
    return this.pos < this.bytes.length ? (this.bytes[this.pos] as number) : END;
  }

  private next(): number {
    const byte = this.peek();
    if (byte === END) throw new GoJsonSyntaxError('unexpected end of JSON input');
    this.pos += 1;
    return byte;
  }

  /** An unexpected byte between tokens; running out of input there is "unexpected end". */
  private fail(context: string): never {
    const byte = this.peek();
    if (byte === END) throw new GoJsonSyntaxError('unexpected end of JSON input');
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(byte)} ${context}`);
  }

  /**
   * An unexpected byte inside a number, literal or escape. Go's scanner ends input by feeding a
   * space, so running out of input there reports an invalid ' ' instead.
   */
  private failInToken(context: string): never {
    const byte = this.peek();
    throw new GoJsonSyntaxError(`invalid character ${quoteChar(byte === END ? 0x20 : byte)} ${context}`);
  }

  private skipSpace(): void {
    for (;;) {
      const byte = this.peek();
      if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return;
      this.pos += 1;
    }
  }

  private value(): void {
    this.skipSpace();
    const byte = this.peek();
    if (byte === 0x7b) return this.object();
    if (byte === 0x5b) return this.array();
    if (byte === 0x22) return this.string();
    if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) return this.number();
    if (byte === 0x74) return this.literal('true');
    if (byte === 0x66) return this.literal('false');
    if (byte === 0x6e) return this.literal('null');
    this.fail('looking for beginning of value');
  }

  private object(): void {
    this.pos += 1;
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.pos += 1;
      return;
    }
    for (;;) {
      this.skipSpace();
      if (this.peek() !== 0x22) this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.peek() !== 0x3a) this.fail('after object key');
      this.pos += 1;
      this.value();
      this.skipSpace();
      const byte = this.peek();
      if (byte === 0x2c) {
        this.pos += 1;
        continue;
      }
      if (byte === 0x7d) {
        this.pos += 1;
        return;
      }
      this.fail('after object key:value pair');
    }
  }

  private array(): void {
    this.pos += 1;
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos += 1;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const byte = this.peek();
      if (byte === 0x2c) {
        this.pos += 1;
        continue;
      }
      if (byte === 0x5d) {
        this.pos += 1;
        return;
      }
      this.fail('after array element');
    }
  }

  private string(): void {
    this.pos += 1;
    for (;;) {
      const byte = this.peek();
      if (byte === END) this.next();
      if (byte === 0x22) {
        this.pos += 1;
        return;
      }
      if (byte < 0x20) this.fail('in string literal');
      this.pos += 1;
      if (byte === 0x5c) this.escape();
    }
  }

  private escape(): void {
    const byte = this.peek();
    if (byte !== END && 'bfnrt\\/"'.includes(String.fromCharCode(byte))) {
      this.pos += 1;
      return;
    }
    if (byte !== 0x75) this.failInToken('in string escape code');
    this.pos += 1;
    for (let i = 0; i < 4; i += 1) {
      if (!isHex(this.peek())) this.failInToken('in \\u hexadecimal character escape');
      this.pos += 1;
    }
  }

  private number(): void {
    if (this.peek() === 0x2d) {
      this.pos += 1;
      if (!isDigit(this.peek())) this.failInToken('in numeric literal');
    }
    if (this.peek() === 0x30) {
      this.pos += 1;
    } else {
      while (isDigit(this.peek())) this.pos += 1;
    }
    if (this.peek() === 0x2e) {
      this.pos += 1;
      if (!isDigit(this.peek())) this.failInToken('after decimal point in numeric literal');
      while (isDigit(this.peek())) this.pos += 1;
    }
    const byte = this.peek();
    if (byte === 0x65 || byte === 0x45) {
      this.pos += 1;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.pos += 1;
      if (!isDigit(this.peek())) this.failInToken('in exponent of numeric literal');
      while (isDigit(this.peek())) this.pos += 1;
    }
  }

  private literal(word: string): void {
    this.pos += 1;
    for (const expected of word.slice(1)) {
      if (this.peek() !== expected.charCodeAt(0)) this.failInToken(`in literal ${word} (expecting '${expected}')`);
      this.pos += 1;
    }
  }
}

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isHex(byte: number): boolean {
  return isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46);
}
