import { useEffect, useRef } from 'react';
import { Link, Route, Switch, useLocation } from 'wouter';
import { isAdmin, signOut, useSession } from './graphql/session';
import { CategoriesPage } from './routes/categories';
import { CustomerPage } from './routes/customer';
import { CustomersPage } from './routes/customers';
import { DashboardPage } from './routes/dashboard';
import { InventoryPage } from './routes/inventory';
import { OrderPage } from './routes/order';
import { OrdersPage } from './routes/orders';
import { PricesPage } from './routes/prices';
import { ProductPage } from './routes/product';
import { ProductsPage } from './routes/products';
import { ReviewsPage } from './routes/reviews';
import { SignInPage } from './routes/sign-in';

const SECTIONS = [
  ['/', 'Dashboard'],
  ['/orders', 'Orders'],
  ['/products', 'Products'],
  ['/categories', 'Categories'],
  ['/prices', 'Prices'],
  ['/inventory', 'Inventory'],
  ['/customers', 'Customers'],
  ['/reviews', 'Reviews'],
] as const;

export function App() {
  const session = useSession();
  const [location] = useLocation();
  const main = useRef<HTMLElement>(null);
  // A new page moves focus to its content, as a full page load would for screen readers.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [location]);
  const admin = isAdmin(session);
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link href="/" className="brand">
          Kiln &amp; Steep <span className="brand-sub">admin</span>
        </Link>
        {admin && (
          <>
            <nav aria-label="Sections">
              <ul>
                {SECTIONS.map(([href, label]) => {
                  const current = href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`);
                  return (
                    <li key={href}>
                      <Link href={href} aria-current={current ? 'page' : undefined}>
                        {label}
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            <div className="who">
              <span>{session?.customer.firstName}</span>
              <button type="button" className="link-button" onClick={() => void signOut()}>
                Sign out
              </button>
            </div>
          </>
        )}
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {!admin ? (
          <SignInPage />
        ) : (
          <Switch>
            <Route path="/" component={DashboardPage} />
            <Route path="/orders" component={OrdersPage} />
            <Route path="/orders/:id" component={OrderPage} />
            <Route path="/products" component={ProductsPage} />
            <Route path="/products/new" component={ProductPage} />
            <Route path="/products/:id" component={ProductPage} />
            <Route path="/categories" component={CategoriesPage} />
            <Route path="/prices" component={PricesPage} />
            <Route path="/inventory" component={InventoryPage} />
            <Route path="/customers" component={CustomersPage} />
            <Route path="/customers/:id" component={CustomerPage} />
            <Route path="/reviews" component={ReviewsPage} />
            <Route>
              <h1>Page not found</h1>
              <p>
                <Link href="/">Back to the dashboard</Link>
              </p>
            </Route>
          </Switch>
        )}
      </main>
    </>
  );
}
