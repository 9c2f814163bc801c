// Name-based (version 5, SHA-1) UUIDs as RFC 9562 defines them, straight on node:crypto: the same ids as the
// `uuid` package's v5, without its per-call parsing of the namespace and encoding of the name (a command's
// event ids were an eighth of the pipeline's CPU).
import { hash } from 'node:crypto';

const SCRATCH_BYTES = 1024;

/** A function giving the v5 UUID of a name in `namespace` (a UUID string), the namespace parsed once. */
export function nameBasedUuids(namespace: string): (name: string) => string {
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  if (namespaceBytes.length !== 16) throw new RangeError(`${namespace} is not a UUID`);
  // The namespace and the name hashed in one call from one reused buffer (Node's one-shot `hash`, no Hash object).
  const scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  namespaceBytes.copy(scratch);
  return (name) => {
    const fits = Buffer.byteLength(name, 'utf8') <= SCRATCH_BYTES - 16;
    const bytes = fits
      ? scratch.subarray(0, 16 + scratch.write(name, 16, 'utf8'))
      : Buffer.concat([namespaceBytes, Buffer.from(name, 'utf8')]);
    const hex = hash('sha1', bytes, 'hex');
    const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}
