import { pino, type Logger } from 'pino';

/** Structured JSON logs on stderr; level from KARMADA_LOG_LEVEL (default info). */
export function createLogger(name: string): Logger {
  return pino({ name, level: process.env['KARMADA_LOG_LEVEL'] ?? 'info' }, pino.destination(2));
}
