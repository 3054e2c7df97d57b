/** A Lua value that has no JSON form, or JSON that cannot become Lua. */
export class LuaConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LuaConversionError';
  }
}

/** Deeper values are refused rather than risking the JavaScript stack. */
export const MAX_CONVERSION_DEPTH = 512;
