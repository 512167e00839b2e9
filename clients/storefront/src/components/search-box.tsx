import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useLocation, useSearch } from 'wouter';
import { useQuery } from 'urql';
import { SearchSuggestionsDocument } from '../graphql/generated/graphql';

/** The header's search field: suggestions as you type (a combobox), Enter searches. */
export function SearchBox() {
  const [location, navigate] = useLocation();
  const query = useSearch();
  const current = location === '/search' ? (new URLSearchParams(query).get('q') ?? '') : '';
  const [text, setText] = useState(current);
  const [prefix, setPrefix] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  useEffect(() => setText(current), [current]);
  // Ask after a short pause in typing, not on every key.
  useEffect(() => {
    const timer = setTimeout(() => setPrefix(text.trim().slice(0, 100)), 150);
    return () => clearTimeout(timer);
  }, [text]);
  const [{ data }] = useQuery({ query: SearchSuggestionsDocument, variables: { prefix }, pause: prefix.length < 2 });
  const suggestions = prefix.length >= 2 ? (data?.searchSuggestions ?? []) : [];
  const shown = open && suggestions.length > 0;

  const go = (href: string) => {
    setOpen(false);
    setActive(-1);
    navigate(href);
  };
  const choose = (index: number) => {
    const suggestion = suggestions[index];
    if (!suggestion) return;
    if (suggestion.product) go(`/p/${suggestion.product.slug}`);
    else if (suggestion.category) go(`/search?cat=${encodeURIComponent(suggestion.category.id)}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (shown && active >= 0) return choose(active);
    go(`/search?q=${encodeURIComponent(text.trim())}`);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? suggestions.length - 1 : i - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
      setActive(-1);
    }
  };

  return (
    <form role="search" className="search-box" onSubmit={submit}>
      <label htmlFor={`${listId}-input`} className="visually-hidden">
        Search products
      </label>
      <input
        id={`${listId}-input`}
        type="search"
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        placeholder="Search products"
        autoComplete="off"
        maxLength={200}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <button type="submit">Search</button>
      <ul id={listId} role="listbox" aria-label="Suggestions" className="suggestions" hidden={!shown}>
        {suggestions.map((suggestion, index) => (
          <li
            key={`${suggestion.kind}-${suggestion.product?.id ?? suggestion.category?.id ?? index}`}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            onMouseDown={(event) => {
              event.preventDefault();
              choose(index);
            }}
          >
            {suggestion.text}
            {suggestion.kind === 'CATEGORY' && <span className="muted"> · category</span>}
          </li>
        ))}
      </ul>
    </form>
  );
}
