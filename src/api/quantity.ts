// Kubernetes resource quantities: parse, and print in the canonical form the API server stores.
// Pure. The operator round-trips every size through apimachinery's Quantity, so a renderer that
// wants byte-equal objects must print `1536Mi` for `1.5Gi` and `500m` for `0.5`.

type Format = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

export interface Quantity {
  /** value = mantissa × 10^exponent, exact. */
  mantissa: bigint;
  exponent: number;
  format: Format;
}

const BINARY: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Readonly<Record<string, number>> = {
  n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18,
};
const DECIMAL_SUFFIX = new Map(Object.entries(DECIMAL).map(([s, e]) => [e, s]));
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d{1,4})|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$/;

const pow10 = (n: number): bigint => 10n ** BigInt(n);

/** Parses a quantity string; undefined when Kubernetes would reject it. */
const parsedQuantities = new Map<string, Readonly<Quantity> | undefined>();

/** parseQuantity, remembered: a package repeats a few sizes in every Shard. The result is frozen. */
export function parseQuantity(text: string): Readonly<Quantity> | undefined {
  if (parsedQuantities.has(text)) return parsedQuantities.get(text);
  const q = readQuantity(text);
  if (parsedQuantities.size < 1000) parsedQuantities.set(text, q && Object.freeze(q));
  return q;
}

function readQuantity(text: string): Quantity | undefined {
  const match = PATTERN.exec(text);
  if (!match) return undefined;
  const [, sign, number, exp, suffix = ''] = match as unknown as [string, string, string, string | undefined, string | undefined];
  const [whole, fraction = ''] = number.split('.');
  let mantissa = BigInt((whole ?? '') + fraction || '0');
  let exponent = -fraction.length;
  if (sign === '-') mantissa = -mantissa;
  let format: Format;
  if (exp !== undefined) {
    format = 'DecimalExponent';
    exponent += Number(exp);
  } else if (suffix in BINARY) {
    format = 'BinarySI';
    mantissa *= 1024n ** BigInt(BINARY[suffix]!);
  } else {
    format = 'DecimalSI';
    exponent += DECIMAL[suffix]!;
  }
  // Quantities keep nano precision; anything finer rounds away from zero, as apimachinery does.
  if (exponent < -9) {
    const divisor = pow10(-9 - exponent);
    const rounded = mantissa / divisor;
    mantissa = rounded * divisor === mantissa ? rounded : rounded + (mantissa < 0n ? -1n : 1n);
    exponent = -9;
  }
  return { mantissa, exponent, format };
}

function integerValue(q: Quantity): bigint | undefined {
  if (q.exponent >= 0) return q.mantissa * pow10(q.exponent);
  const divisor = pow10(-q.exponent);
  return q.mantissa % divisor === 0n ? q.mantissa / divisor : undefined;
}

/** The canonical text of a quantity, as Kubernetes prints it. */
export function formatQuantity(q: Quantity): string {
  if (q.mantissa === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    const whole = integerValue(q);
    if (whole === undefined || (whole > -1024n && whole < 1024n)) {
      format = 'DecimalSI';
    } else {
      let n = whole;
      let power = 0;
      while (power < BINARY_SUFFIX.length - 1 && n % 1024n === 0n) {
        n /= 1024n;
        power++;
      }
      return `${n}${BINARY_SUFFIX[power]}`;
    }
  }
  let { mantissa, exponent } = q;
  while (mantissa % 10n === 0n) {
    mantissa /= 10n;
    exponent++;
  }
  const r = ((exponent % 3) + 3) % 3;
  mantissa *= pow10(r);
  exponent -= r;
  if (format === 'DecimalSI') {
    const suffix = DECIMAL_SUFFIX.get(exponent);
    if (suffix !== undefined) return `${mantissa}${suffix}`;
  }
  return exponent === 0 ? `${mantissa}` : `${mantissa}e${exponent}`;
}

/** Canonical text for a quantity string, or undefined when it is not a quantity. */
export function canonicalQuantity(text: string): string | undefined {
  const q = parseQuantity(text);
  return q && formatQuantity(q);
}


/** Which of two quantities is larger (negative, zero or positive), exactly; undefined when either does not parse. */
export function compareQuantities(a: string, b: string): number | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (!x || !y) return undefined;
  const exponent = Math.min(x.exponent, y.exponent);
  const difference = x.mantissa * pow10(x.exponent - exponent) - y.mantissa * pow10(y.exponent - exponent);
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}
