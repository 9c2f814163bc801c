// Name-based (version 5, SHA-1) UUIDs as RFC 9562 defines them, straight on node:crypto: the same ids as the
// `uuid` package's v5, without its per-call parsing of the namespace and encoding of the name (a command's
// event ids were an eighth of the pipeline's CPU).
import { createHash } from 'node:crypto';

/** A function giving the v5 UUID of a name in `namespace` (a UUID string), the namespace parsed once. */
export function nameBasedUuids(namespace: string): (name: string) => string {
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  if (namespaceBytes.length !== 16) throw new RangeError(`${namespace} is not a UUID`);
  return (name) => {
    const hex = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest('hex');
    const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}
