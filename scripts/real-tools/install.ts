/**
 * Installs what the real-tools checks need, outside the repository (toolchain.ts): terraform when it is not
 * on PATH, the venv with the pinned checkov and moto, and finds the hashicorp/aws provider. Prints each.
 */
import { ensureTerraform, ensureVenv, findAwsProvider, run } from './toolchain';

const terraform = ensureTerraform();
console.log(`terraform: ${terraform} (${run(terraform, ['version']).stdout.split('\n')[0]})`);
console.log(`venv: ${ensureVenv()}`);
const provider = findAwsProvider();
console.log(`hashicorp/aws: ${provider.version} from ${provider.mirror}`);
