// The administration API's Atom documents: an `<entry>` wrapping one description (QueueDescription,
// TopicDescription, SubscriptionDescription, RuleDescription), a `<feed>` of them for lists (with a `next`
// link when a page is full), an `<Error>` body, and parsing of the entries clients PUT. Written and read with
// @azure/core-xml, the library the SDK itself uses, so both sides agree on attributes (`$`) and text (`_`).
import { parseXML, stringifyXML } from '@azure/core-xml';

export const apiVersion = '2021-05';
const atomNamespace = 'http://www.w3.org/2005/Atom';
export const serviceBusNamespace = 'http://schemas.microsoft.com/netservices/2010/10/servicebus/connect';
export const instanceNamespace = 'http://www.w3.org/2001/XMLSchema-instance';

export type Fields = Record<string, unknown>;

export interface EntryContent {
  /** The entity path, e.g. `orders` or `events/Subscriptions/audit/Rules/$Default`: the SDK takes names from it. */
  path: string;
  title: string;
  /** `QueueDescription`, … */
  kind: string;
  fields: Fields;
  updatedAt: Date;
}

/**
 * The part of every URL before the entity path: `https://host:port`. Entity names (letters, digits, `.-_$`)
 * go into URLs as they are: the SDK reads names back from the entry's id, without decoding.
 */
export type BaseUrl = string;

const entryObject = (base: BaseUrl, content: EntryContent) => {
  const id = `${base}/${content.path}?api-version=${apiVersion}`;
  return {
    id,
    title: { $: { type: 'text' }, _: content.title },
    published: content.updatedAt.toISOString(),
    updated: content.updatedAt.toISOString(),
    author: { name: 'emulator' },
    link: { $: { rel: 'self', href: id } },
    content: {
      $: { type: 'application/xml' },
      [content.kind]: { $: { xmlns: serviceBusNamespace, 'xmlns:i': instanceNamespace }, ...content.fields },
    },
  };
};

export function entryXml(base: BaseUrl, content: EntryContent): string {
  return stringifyXML({ $: { xmlns: atomNamespace }, ...entryObject(base, content) }, { rootName: 'entry' });
}

/** `next`: the `$skip` of the following page, when there is one. */
export function feedXml(base: BaseUrl, listPath: string, entries: EntryContent[], next?: number): string {
  const self = `${base}/${listPath}?api-version=${apiVersion}`;
  const links = [{ $: { rel: 'self', href: self } }];
  if (next !== undefined) links.push({ $: { rel: 'next', href: `${self}&%24skip=${next}` } });
  return stringifyXML(
    {
      $: { xmlns: atomNamespace },
      title: { $: { type: 'text' }, _: listPath },
      id: self,
      updated: new Date().toISOString(),
      link: links,
      ...(entries.length > 0 ? { entry: entries.map((entry) => entryObject(base, entry)) } : {}),
    },
    { rootName: 'feed' },
  );
}

export function errorXml(status: number, detail: string): string {
  return stringifyXML({ Code: status, Detail: detail }, { rootName: 'Error' });
}

/** The description an entry carries: its element name and its fields (texts, or objects for nested elements). */
export async function parseEntry(body: string): Promise<{ kind: string; fields: Fields } | undefined> {
  const parsed = (await parseXML(body, { includeRoot: true })) as { entry?: { content?: Fields } };
  const content = parsed.entry?.content;
  if (!content || typeof content !== 'object') return undefined;
  const kind = Object.keys(content).find((key) => key !== '$');
  const fields = kind ? content[kind] : undefined;
  if (!kind || typeof fields !== 'object' || fields === null) return undefined;
  const { $: _attributes, ...rest } = fields as Fields;
  return { kind, fields: rest };
}
