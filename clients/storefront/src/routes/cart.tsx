import { useEffect, useState, type FormEvent } from 'react';
import { Link, useLocation } from 'wouter';
import { useMutation, useQuery } from 'urql';
import type { CardError } from '../components/card-gateway';
import { CardFields, tokenizeCardForm } from '../components/card-fields';
import { COUNTRIES } from '../components/countries';
import { describeError } from '@commerce/web-kit';
import {
  AddPaymentMethodDocument,
  CartPageDocument,
  PlaceOrderDocument,
  RemoveFromCartDocument,
  SaveAddressDocument,
  ShippingQuoteDocument,
  UpdateCartLineDocument,
  type ShippingService,
} from '../graphql/generated/graphql';
import { formatMoney } from '@commerce/web-kit';
import { useSession } from '../graphql/session';

/** What the orders service assumes for a unit the catalog gives no weight. */
const DEFAULT_WEIGHT_GRAMS = 500;

function newKey(): string {
  return crypto.randomUUID();
}

export function CartPage() {
  const session = useSession();
  if (!session) {
    return (
      <>
        <h1>Your cart</h1>
        <p>
          <Link href="/account">Sign in</Link> to see your cart and check out.
        </p>
      </>
    );
  }
  return <Cart />;
}

function Cart() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: CartPageDocument, requestPolicy: 'cache-and-network' });
  const [updated, updateLine] = useMutation(UpdateCartLineDocument);
  const [removed, removeLine] = useMutation(RemoveFromCartDocument);
  const cart = data?.myCart;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (error && !data) return <p role="alert">{describeError(error)}</p>;
  if (!data) return <p aria-live="polite">Loading your cart…</p>;
  return (
    <div className="cart">
      <h1>Your cart</h1>
      {!cart || cart.lines.length === 0 ? (
        <p>
          Your cart is empty. <Link href="/">Browse the shop</Link>
        </p>
      ) : (
        <>
          <table className="lines">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Price</th>
                <th scope="col">Quantity</th>
                <th scope="col">Total</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cart.lines.map((line) => (
                <tr key={line.sku}>
                  <td>
                    {line.variant?.product ? <Link href={`/p/${line.variant.product.slug}`}>{line.name}</Link> : line.name}
                    {line.variant && line.variant.title !== line.sku && !line.name.includes(line.variant.title) && <span className="muted"> · {line.variant.title}</span>}
                    {!line.available && <span className="stock out"> · no longer available, remove it to check out</span>}
                  </td>
                  <td>{formatMoney(line.unitPrice)}</td>
                  <td>
                    <input
                      type="number"
                      min={0}
                      max={100}
                      defaultValue={line.quantity}
                      aria-label={`Quantity of ${line.name}`}
                      disabled={!line.variant || updated.fetching}
                      onChange={(e) => {
                        const quantity = Number(e.target.value);
                        if (line.variant && Number.isInteger(quantity) && quantity >= 0 && quantity <= 100) {
                          void updateLine({ variantId: line.variant.id, quantity }).then(reload);
                        }
                      }}
                    />
                  </td>
                  <td>{formatMoney(line.lineTotal)}</td>
                  <td>
                    <button type="button" className="link" disabled={!line.variant || removed.fetching} onClick={() => line.variant && void removeLine({ variantId: line.variant.id }).then(reload)}>
                      Remove <span className="visually-hidden">{line.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  Subtotal ({cart.itemCount} item{cart.itemCount === 1 ? '' : 's'})
                </th>
                <td colSpan={2}>{formatMoney(cart.subtotal)}</td>
              </tr>
            </tfoot>
          </table>
          {(updated.error ?? removed.error) && <p role="alert">{describeError(updated.error ?? removed.error)}</p>}
          {fetching && <p className="muted" aria-live="polite">Updating…</p>}
          <Checkout data={data} />
        </>
      )}
    </div>
  );
}

type CartData = NonNullable<import('../graphql/generated/graphql').CartPageQuery>;

function Checkout({ data }: { data: CartData }) {
  const [, navigate] = useLocation();
  const [, addPaymentMethod] = useMutation(AddPaymentMethodDocument);
  const [, placeOrder] = useMutation(PlaceOrderDocument);
  const [, saveAddress] = useMutation(SaveAddressDocument);
  const cart = data.myCart!;
  const saved = data.me?.addresses ?? [];
  const cards = data.me?.paymentMethods ?? [];
  const [addressId, setAddressId] = useState<string>(saved.find((a) => a.isDefaultShipping)?.id ?? saved[0]?.id ?? 'new');
  const [country, setCountry] = useState('NL');
  const [postalCode, setPostalCode] = useState('');
  const [service, setService] = useState<ShippingService>('STANDARD');
  const [cardId, setCardId] = useState<string>(cards.find((c) => c.isDefault)?.id ?? cards[0]?.id ?? 'new');
  // One key per attempt at this cart: a double click, or a retry after a lost answer, places one order.
  const [idempotencyKey] = useState(newKey);
  const [placing, setPlacing] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [cardErrors, setCardErrors] = useState<CardError['fields']>([]);

  const destination = addressId === 'new' ? { country, postalCode } : saved.find((a) => a.id === addressId);
  const quoteLines = cart.lines.flatMap((l) => (l.variant ? [{ variantId: l.variant.id, quantity: l.quantity, weightGrams: l.variant.weightGrams ?? DEFAULT_WEIGHT_GRAMS }] : []));
  const [quotes] = useQuery({
    query: ShippingQuoteDocument,
    variables: { input: { address: { country: destination?.country ?? 'NL', postalCode: destination?.postalCode || '0000' }, lines: quoteLines } },
    pause: !destination?.country || quoteLines.length === 0,
  });
  const cheapest = (s: ShippingService) => quotes.data?.shippingQuote.find((q) => q.service === s);
  useEffect(() => {
    if (quotes.data && !cheapest(service)) {
      const first = quotes.data.shippingQuote[0];
      if (first) setService(first.service);
    }
  });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (placing) return;
    setPlacing(true);
    setProblem(null);
    setCardErrors([]);
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    try {
      let paymentMethodId = cardId;
      if (cardId === 'new') {
        // The card goes straight to the payment gateway; only its token reaches our API.
        const tokenized = await tokenizeCardForm(form);
        if ('error' in tokenized) {
          setProblem(tokenized.error.message);
          setCardErrors(tokenized.error.fields);
          return;
        }
        const method = await addPaymentMethod({ input: { token: tokenized.token, setDefault: cards.length === 0 } });
        if (!method.data) {
          setProblem(describeError(method.error));
          return;
        }
        paymentMethodId = method.data.addPaymentMethod.id;
        setCardId(paymentMethodId);
      }
      const address =
        addressId === 'new'
          ? { recipient: text('recipient'), line1: text('line1'), line2: text('line2') || null, city: text('city'), postalCode: text('postalCode'), country: text('country') }
          : null;
      const result = await placeOrder({
        input: { ...(address ? { address } : { shippingAddressId: addressId }), shippingService: service, paymentMethodId, idempotencyKey },
      });
      if (result.data) {
        // The order keeps its own copy; saving is for next time, and its failure costs nothing now.
        if (address && form.get('saveAddress')) await saveAddress({ input: { ...address, line2: address.line2 ?? undefined } }).catch(() => undefined);
        navigate(`/orders/${result.data.placeOrder.id}`);
      } else {
        setProblem(describeError(result.error));
      }
    } catch {
      setProblem('We could not reach the payment service. Check your connection and try again.');
    } finally {
      setPlacing(false);
    }
  };

  return (
    <form className="checkout" onSubmit={(e) => void submit(e)} aria-labelledby="checkout-heading" noValidate={false}>
      <h2 id="checkout-heading">Checkout</h2>
      <fieldset>
        <legend>Ship to</legend>
        {saved.length > 0 && (
          <label>
            Address
            <select value={addressId} onChange={(e) => setAddressId(e.target.value)}>
              {saved.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.recipient}, {a.line1}, {a.city}
                </option>
              ))}
              <option value="new">A new address</option>
            </select>
          </label>
        )}
        {addressId === 'new' && (
          <>
            <label>
              Full name
              <input name="recipient" autoComplete="name" required defaultValue={`${data.me?.firstName ?? ''} ${data.me?.lastName ?? ''}`.trim()} />
            </label>
            <label>
              Street and number
              <input name="line1" autoComplete="address-line1" required />
            </label>
            <label>
              <span>
                Apartment, floor <span className="muted">(optional)</span>
              </span>
              <input name="line2" autoComplete="address-line2" />
            </label>
            <div className="row">
              <label>
                Postal code
                <input name="postalCode" autoComplete="postal-code" required value={postalCode} onChange={(e) => setPostalCode(e.target.value)} />
              </label>
              <label>
                City
                <input name="city" autoComplete="address-level2" required />
              </label>
            </div>
            <label>
              Country
              <select name="country" autoComplete="country" value={country} onChange={(e) => setCountry(e.target.value)}>
                {COUNTRIES.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label className="radio">
              <input type="checkbox" name="saveAddress" defaultChecked /> Save this address for next time
            </label>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>Delivery</legend>
        {quotes.fetching && <p aria-live="polite">Getting shipping rates…</p>}
        {quotes.error && <p role="alert">{describeError(quotes.error)}</p>}
        {quotes.data && quotes.data.shippingQuote.length === 0 && <p role="alert">No carrier delivers this cart to that address. Try another address or fewer items.</p>}
        {(['STANDARD', 'EXPRESS'] as const).map((s) => {
          const rate = cheapest(s);
          if (!rate) return null;
          return (
            <label key={s} className="radio">
              <input type="radio" name="service" value={s} checked={service === s} onChange={() => setService(s)} />
              {s === 'STANDARD' ? 'Standard' : 'Express'}: {formatMoney(rate.price)} with {rate.carrier}, about {rate.estimatedDays} day{rate.estimatedDays === 1 ? '' : 's'}
            </label>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>Payment</legend>
        {cards.length > 0 && (
          <label>
            Card
            <select value={cardId} onChange={(e) => setCardId(e.target.value)}>
              {cards.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.brand} •••• {c.last4}
                </option>
              ))}
              <option value="new">A new card</option>
            </select>
          </label>
        )}
        {cardId === 'new' && <CardFields errors={cardErrors} />}
      </fieldset>
      {problem && (
        <p role="alert" className="problem">
          {problem}
        </p>
      )}
      <button type="submit" className="primary big" disabled={placing}>
        {placing ? 'Placing your order…' : 'Place order'}
      </button>
    </form>
  );
}
