export interface Warehouse {
  id: string;
  code: string;
  name: string;
  /** Inactive warehouses keep their stock and reservations but fulfil no new orders. */
  active: boolean;
  createdAt: Date;
}
