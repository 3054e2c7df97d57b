import { buildKarmadactl } from '../cli/karmadactl/karmadactl.js';

try {
  await buildKarmadactl().parseAsync(process.argv);
} catch (err) {
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
