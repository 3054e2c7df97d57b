import { runStoreConformance } from '../conformance.js';
import { MemoryStore } from './memory-store.js';

runStoreConformance('memory', async () => new MemoryStore());
