/** What the variant picker needs of a variant. */
export interface PickableVariant {
  id: string;
  options: readonly { name: string; value: string }[];
}

/** Option names in the order the variants first use them, e.g. ["Colour", "Size"]. */
export function optionNames(variants: readonly PickableVariant[]): string[] {
  const names: string[] = [];
  for (const variant of variants) for (const option of variant.options) if (!names.includes(option.name)) names.push(option.name);
  return names;
}

/** The values one option takes across the variants, in first-seen order. */
export function optionValues(variants: readonly PickableVariant[], name: string): string[] {
  return [...new Set(variants.flatMap((v) => v.options.filter((o) => o.name === name).map((o) => o.value)))];
}

/**
 * The variant matching what the shopper chose, options not chosen yet taken from the first
 * variant; when no variant has that combination, the first one that has the last choice made.
 */
export function pickVariant<V extends PickableVariant>(variants: readonly V[], chosen: Readonly<Record<string, string>>, lastChosen?: string): V | undefined {
  const first = variants[0];
  if (!first) return undefined;
  const names = optionNames(variants);
  const wanted = Object.fromEntries(names.map((name) => [name, chosen[name] ?? first.options.find((o) => o.name === name)?.value]));
  const exact = variants.find((v) => names.every((name) => v.options.find((o) => o.name === name)?.value === wanted[name]));
  if (exact) return exact;
  if (lastChosen) return variants.find((v) => v.options.some((o) => o.name === lastChosen && o.value === chosen[lastChosen])) ?? first;
  return first;
}
