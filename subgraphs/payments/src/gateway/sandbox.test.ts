import { createMemoryLedger } from './memory-ledger.ts';
import { sandboxContract } from './sandbox.contract.ts';

sandboxContract('in-memory', createMemoryLedger);
