/**
 * Column names that hold amounts of money (`price`, `total_amount`, `unitCost`, `monthly_fee`),
 * told apart from names that only mention one (`price_ratio`, `tax_rate`, `cost_factor`,
 * `total_time`): the words of the name, split at underscores, digits and camelCase humps.
 */

/** Words that name an amount of money on their own. */
const MONEY_WORDS: ReadonlySet<string> = new Set([
  'price', 'prices', 'cost', 'costs', 'amount', 'amounts', 'fee', 'fees', 'salary', 'salaries', 'wage', 'wages',
  'balance', 'balances', 'revenue', 'revenues', 'payment', 'payments', 'payout', 'payouts', 'refund', 'refunds',
  'budget', 'budgets', 'subtotal', 'tax', 'taxes', 'income', 'profit', 'profits', 'earnings', 'commission',
  'deposit', 'deposits', 'withdrawal', 'msrp', 'rent', 'money', 'cash', 'cents', 'usd', 'eur', 'gbp', 'discount',
]);

/** `total` is money only beside these words (order_total, grand_total) or alone: total_time, total_count are not. */
const TOTAL_COMPANIONS: ReadonlySet<string> = new Set(['total', 'grand', 'sub', 'order', 'invoice', 'cart', 'line', 'net', 'gross']);

/** Words that make the name a ratio, a count or a physical quantity, whatever else it says. */
const NOT_MONEY_WORDS: ReadonlySet<string> = new Set([
  'rate', 'rates', 'ratio', 'percent', 'percentage', 'pct', 'factor', 'multiplier', 'weight', 'score', 'count', 'qty', 'quantity',
  'share', 'fraction', 'probability', 'points', 'rating', 'index', 'time', 'duration', 'seconds', 'secs', 'ms', 'millis',
  'minutes', 'hours', 'days', 'distance', 'km', 'miles', 'meters', 'size', 'bytes', 'ml', 'mg', 'kg', 'grams', 'liters',
  'litres', 'oz', 'lbs', 'latency', 'cpu', 'memory',
]);

/** The lower-case words of a name: `unitPrice2_usd` -> unit, price, usd. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((word) => word !== '');
}

/** True when a column of this name holds an amount of money. */
export function isMoneyName(name: string): boolean {
  const words = nameWords(name);
  if (words.some((word) => NOT_MONEY_WORDS.has(word))) return false;
  if (words.some((word) => MONEY_WORDS.has(word))) return true;
  return words.includes('total') && words.every((word) => TOTAL_COMPANIONS.has(word));
}
