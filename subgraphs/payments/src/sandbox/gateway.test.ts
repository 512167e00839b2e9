import { createMemoryLedger } from './memory-ledger.ts';
import { sandboxContract } from './gateway.contract.ts';

sandboxContract('in-memory', createMemoryLedger);
