import { useEffect, useRef } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { useSession } from './graphql/session';
import { AccountPage } from './routes/account';
import { BrowsePage } from './routes/browse';
import { CartPage } from './routes/cart';
import { OrderPage } from './routes/order';
import { ProductPage } from './routes/product';
import { SearchPage } from './routes/search';
import { SearchBox } from './components/search-box';

export function App() {
  const session = useSession();
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  // A new page moves focus to its content, as a full page load would for screen readers.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location]);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          Kiln &amp; Steep
        </Link>
        <SearchBox />
        <nav aria-label="Main">
          <Link href="/">Shop</Link>
          <Link href="/cart">Cart</Link>
          <Link href="/account">{session ? `Account (${session.customer.firstName})` : 'Sign in'}</Link>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Switch>
          <Route path="/" component={BrowsePage} />
          <Route path="/c/:slug" component={BrowsePage} />
          <Route path="/p/:slug" component={ProductPage} />
          <Route path="/search" component={SearchPage} />
          <Route path="/account" component={AccountPage} />
          <Route path="/cart" component={CartPage} />
          <Route path="/orders/:id" component={OrderPage} />
          <Route>
            <h1>Page not found</h1>
            <p>
              <Link href="/">Back to the shop</Link>
            </p>
          </Route>
        </Switch>
      </main>
      <footer className="site-footer">Kiln &amp; Steep · prices include VAT · sandbox shop, no real payments</footer>
    </>
  );
}
