import { StringDecoder } from 'node:string_decoder';

/**
 * Parses a stream of newline-delimited JSON values (a Kubernetes watch body), however the
 * bytes are split into chunks: lines and multi-byte UTF-8 characters may span chunks.
 */
export async function* jsonLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<unknown> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    for (;;) {
      const nl = buffer.indexOf('\n', start);
      if (nl < 0) {
        break;
      }
      const line = buffer.slice(start, nl).trim();
      start = nl + 1;
      if (line !== '') {
        yield JSON.parse(line) as unknown;
      }
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.end();
  const rest = buffer.trim();
  if (rest !== '') {
    yield JSON.parse(rest) as unknown;
  }
}
