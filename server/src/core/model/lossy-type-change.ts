/**
 * Whether changing a column's type loses what a later change back cannot restore. PostgreSQL
 * converts with the assignment cast: a value that does not fit the new type (too long, too large)
 * makes the ALTER fail rather than losing anything, but rounding is silent: fewer decimal places,
 * a float or numeric to an integer, a number to a float, a timestamp to a date or to fewer
 * fractional digits. Those are what this reports; user-defined types and arrays are not judged.
 */
import type { TypeRef } from './schema/types';

const INTEGERS = new Set(['smallint', 'integer', 'bigint']);
const FLOATS = new Set(['real', 'double precision']);
const TIMESTAMPS = new Set(['timestamp without time zone', 'timestamp with time zone']);
const PRECISION_TYPES = new Set([...TIMESTAMPS, 'time without time zone', 'time with time zone', 'interval']);
/** Exact integers above 2^24 (real) and 2^53 (double precision) do not survive a float. */
const FLOAT_DIGITS: Record<string, number> = { real: 24, 'double precision': 53 };
const INTEGER_BITS: Record<string, number> = { smallint: 16, integer: 32, bigint: 64 };
const MAX_FRACTIONAL_DIGITS = 6;

/** What the conversion loses, as a phrase ("rounds its values to 0 decimal places"), or undefined when nothing is lost. */
export function lossOfTypeChange(from: TypeRef, to: TypeRef): string | undefined {
  if (from.schema !== undefined || to.schema !== undefined || from.array || to.array) return undefined;
  const source = from.name;
  const target = to.name;
  if (source === 'numeric' && target === 'numeric') {
    const sourceScale = from.modifiers.length === 0 ? Infinity : Number(from.modifiers[1] ?? 0);
    if (to.modifiers.length === 0) return undefined;
    const targetScale = Number(to.modifiers[1] ?? 0);
    return targetScale < sourceScale ? `rounds its values to ${targetScale} decimal places` : undefined;
  }
  if ((source === 'numeric' || FLOATS.has(source)) && INTEGERS.has(target)) return 'rounds its values to whole numbers';
  if (source === 'numeric' && FLOATS.has(target)) return 'keeps only the digits a floating-point number holds';
  if (source === 'double precision' && target === 'real') return 'keeps only the 6 significant digits a real holds';
  if (INTEGERS.has(source) && FLOATS.has(target) && INTEGER_BITS[source] > FLOAT_DIGITS[target]) return 'keeps only the digits a floating-point number holds';
  if (TIMESTAMPS.has(source) && target === 'date') return 'drops the time of day';
  if (PRECISION_TYPES.has(source) && source === target) {
    const sourceDigits = from.modifiers.length === 0 ? MAX_FRACTIONAL_DIGITS : Number(from.modifiers[0]);
    const targetDigits = to.modifiers.length === 0 ? MAX_FRACTIONAL_DIGITS : Number(to.modifiers[0]);
    return targetDigits < sourceDigits ? `rounds its values to ${targetDigits} fractional digits of a second` : undefined;
  }
  return undefined;
}
