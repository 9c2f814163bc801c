// The health report: each configured event store is asked to answer within a short time.
import type { Application } from '../application.js';

export interface HealthCheck {
  name: string;
  status: 'healthy' | 'unhealthy';
  durationInMs: number;
  error?: string;
}

export interface HealthReport {
  status: 'healthy' | 'unhealthy';
  checks: HealthCheck[];
}

const TIMEOUT_IN_MS = 3_000;

export async function checkHealth(application: Application): Promise<HealthReport> {
  const checks = await Promise.all([
    ...application.stores
      .entries()
      .map(([name, store]) => timed(`store:${name} (${store.name})`, () => store.checkHealth())),
    timed('bus:events topic', () => application.messaging.publisher.checkHealth()),
  ]);
  return { status: checks.every((check) => check.status === 'healthy') ? 'healthy' : 'unhealthy', checks };
}

async function timed(name: string, check: () => Promise<void>): Promise<HealthCheck> {
  const started = performance.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${TIMEOUT_IN_MS} ms`)), TIMEOUT_IN_MS).unref(),
      ),
    ]);
    return { name, status: 'healthy', durationInMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      name,
      status: 'unhealthy',
      durationInMs: Math.round(performance.now() - started),
      error: message,
    };
  }
}
