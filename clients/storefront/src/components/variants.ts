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

/**
 * The product's photos with those of the chosen variant first: a photo is the variant's when
 * its alt text or file name names one of the variant's option values ("Market mug in Red",
 * mug-red.svg). The catalog does not tie media to variants, so this is the shopper's cue; the
 * rest keep their order.
 */
export function mediaFor<M extends { url: string; altText?: string | null }>(media: readonly M[], variant: PickableVariant | undefined): M[] {
  const values = (variant?.options ?? []).map((option) => option.value.toLowerCase()).filter((value) => value.length > 0);
  if (values.length === 0) return [...media];
  const words = (text: string) => text.toLowerCase().split(/[^\p{L}\p{N}]+/u);
  const names = (m: M) => {
    const said = new Set([...words(m.altText ?? ''), ...words(m.url.split('/').pop() ?? '')]);
    return values.some((value) => value.split(/[^\p{L}\p{N}]+/u).every((word) => said.has(word)));
  };
  return [...media.filter(names), ...media.filter((m) => !names(m))];
}
