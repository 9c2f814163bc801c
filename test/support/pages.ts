// Reads a whole list view or classifier group through the query API's pages (for tests over small views).
import type { ProjectionQueries } from '../../src/projections/queries.js';

export async function everyItem(
  queries: ProjectionQueries,
  projection: string,
  filters: Record<string, string> = {},
  limit = 200,
): Promise<unknown[]> {
  const found: unknown[] = [];
  let continuation: string | undefined;
  do {
    const page = await queries.page(projection, {
      limit,
      ...filters,
      ...(continuation ? { continuation } : {}),
    });
    found.push(...(page.items ?? page.members ?? []));
    continuation = page.continuation;
  } while (continuation !== undefined);
  return found;
}
