/**
 * Go's strconv.Quote (what `%q` prints), so messages that embed values read exactly as
 * kube-apiserver writes them.
 */
export function goQuote(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (code < 0x20 || code === 0x7f) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else if ((code >= 0x80 && code < 0xa0) || code === 0xad || (code >= 0xd800 && code <= 0xdfff)) {
      // Not printable in Go's sense (C1 controls, soft hyphen, lone surrogates).
      out += code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u00${code.toString(16).padStart(2, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}
