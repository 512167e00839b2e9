import { EntitySchema } from 'typeorm';
import type { StockMovement } from '../domain/movement.ts';
import type { ReservationStatus } from '../domain/reservation.ts';
import type { Warehouse } from '../domain/warehouse.ts';

export const WarehouseEntity = new EntitySchema<Warehouse>({
  name: 'Warehouse',
  tableName: 'warehouses',
  columns: {
    id: { type: 'text', primary: true },
    code: { type: 'text', unique: true },
    name: { type: 'text' },
    active: { type: 'boolean' },
    createdAt: { type: 'timestamptz', name: 'created_at' },
  },
});

export interface ReservationRow {
  id: string;
  orderId: string;
  status: ReservationStatus;
  expiresAt: Date | null;
  correlationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export const ReservationEntity = new EntitySchema<ReservationRow>({
  name: 'Reservation',
  tableName: 'reservations',
  columns: {
    id: { type: 'text', primary: true },
    orderId: { type: 'text', name: 'order_id', unique: true },
    status: { type: 'text' },
    expiresAt: { type: 'timestamptz', name: 'expires_at', nullable: true },
    correlationId: { type: 'text', name: 'correlation_id', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
    updatedAt: { type: 'timestamptz', name: 'updated_at' },
  },
});

export const StockMovementEntity = new EntitySchema<StockMovement>({
  name: 'StockMovement',
  tableName: 'stock_movements',
  columns: {
    id: { type: 'text', primary: true },
    kind: { type: 'text' },
    variantId: { type: 'text', name: 'variant_id' },
    warehouseId: { type: 'text', name: 'warehouse_id' },
    onHandDelta: { type: 'integer', name: 'on_hand_delta' },
    reservedDelta: { type: 'integer', name: 'reserved_delta' },
    onHandAfter: { type: 'integer', name: 'on_hand_after' },
    reservedAfter: { type: 'integer', name: 'reserved_after' },
    reason: { type: 'text' },
    orderId: { type: 'text', name: 'order_id', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at' },
  },
});

// Stock items, reservation lines and variants have no entity: every statement on them locks
// rows in a fixed order or works on many rows at once, which reads plainer as SQL.
export const entities = [WarehouseEntity, ReservationEntity, StockMovementEntity];
