// The administration API's TLS certificate: `ServiceBusAdministrationClient` always speaks HTTPS to the
// connection string's endpoint, so the emulator serves HTTPS with a certificate of its own (for localhost,
// 127.0.0.1 and ::1), made once with `selfsigned` and kept in a folder so that a client told to trust it
// (NODE_EXTRA_CA_CERTS, or the client's `tlsOptions: { ca }`) keeps trusting it across restarts.
import { X509Certificate } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface Certificate {
  /** The certificate file (PEM): what a client must trust. */
  path: string;
  cert: string;
  key: string;
}

const certificateFile = 'servicebus-emulator-cert.pem';
/** Key and certificate together: written in one step, so emulators starting at once agree on one pair. */
const bundleFile = 'servicebus-emulator-key-and-cert.pem';
/** A certificate that has less than this left is made anew. */
const renewBeforeInMs = 7 * 24 * 3_600_000;
const validityInMs = 5 * 365 * 24 * 3_600_000;

/** Where certificates go when no folder is named: the same folder every run, for every user of this machine. */
export const defaultCertificateFolder = (): string => join(tmpdir(), 'azure-local-emulators');

export async function loadOrCreateCertificate(folder: string): Promise<Certificate> {
  mkdirSync(folder, { recursive: true });
  const bundlePath = join(folder, bundleFile);
  let bundle = existsSync(bundlePath) ? readFileSync(bundlePath, 'utf8') : undefined;
  if (!bundle || !stillGood(certificateIn(bundle))) {
    const made = await makeCertificate();
    publish(bundlePath, `${made.private}${made.cert}`, bundle !== undefined);
    bundle = readFileSync(bundlePath, 'utf8');
  }
  const cert = certificateIn(bundle);
  const path = join(folder, certificateFile);
  if (!existsSync(path) || readFileSync(path, 'utf8') !== cert) publish(path, cert, true);
  return { path, cert, key: bundle.slice(0, bundle.indexOf(cert)) };
}

/** Writes a file whole: through a temporary file, linked in (first writer wins) or renamed over a stale one. */
function publish(path: string, content: string, replace: boolean): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(temporary, content, { mode: 0o600 });
  try {
    if (replace) renameSync(temporary, path);
    else linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}

const makeCertificate = () => {
  const now = Date.now();
  return generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 3_600_000),
    notAfterDate: new Date(now + validityInMs),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
          { type: 7, ip: '::1' },
        ],
      },
    ],
  });
};

const certificateIn = (pem: string): string => {
  const start = pem.indexOf('-----BEGIN CERTIFICATE-----');
  return start === -1 ? '' : pem.slice(start);
};

const stillGood = (pem: string): boolean => {
  try {
    const certificate = new X509Certificate(pem);
    return new Date(certificate.validTo).getTime() - Date.now() > renewBeforeInMs;
  } catch {
    return false;
  }
};
