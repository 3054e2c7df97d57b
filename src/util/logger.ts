import { pino, type Logger } from 'pino';

/** Structured JSON logs on stderr; level from KARMADA_LOG_LEVEL, else `defaultLevel` (info). */
export function createLogger(name: string, defaultLevel = 'info'): Logger {
  return pino({ name, level: process.env['KARMADA_LOG_LEVEL'] ?? defaultLevel }, pino.destination(2));
}
