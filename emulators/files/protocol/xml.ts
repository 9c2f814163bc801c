// XML bodies the File service sends and receives, built and parsed with fast-xml-parser. Shapes follow the
// SDK's generated mappers (StorageError, ListSharesResponse, ListFilesAndDirectoriesSegmentResponse,
// ShareFileRangeList, ListHandlesResponse, ShareStats, SignedIdentifiers, StorageServiceProperties), which is
// what parses them. Lists always carry their wrapper element, even empty: the SDK maps over its items.
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import * as errors from '../errors.js';

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  suppressEmptyNode: false,
});
const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => ['SignedIdentifier', 'CorsRule'].includes(name),
});

export type XmlElement = Record<string, unknown>;

/** `<?xml …?>` plus the one root element. */
export const xmlDocument = (root: string, content: XmlElement | string): string =>
  builder.build({ '?xml': { '@version': '1.0', '@encoding': 'utf-8' }, [root]: content });

/** `<Error><Code/><Message/>…</Error>`: the SDK reads `Code` and `Message` into its RestError. */
export const errorXml = (code: string, message: string, details: Readonly<Record<string, string>>): string =>
  xmlDocument('Error', { Code: code, Message: message, ...details });

/** Parses a request body whose root must be `root`; a body that is not that is 400 InvalidXmlDocument. */
export const parseXmlBody = (body: Buffer, root: string): XmlElement => {
  let parsed: XmlElement;
  try {
    parsed = parser.parse(body.toString('utf8'), true) as XmlElement;
  } catch (error) {
    throw errors.invalidXmlDocument((error as Error).message);
  }
  const element = parsed[root];
  if (element === undefined) throw errors.invalidXmlDocument(`The root element must be <${root}>.`);
  return element === '' ? {} : (element as XmlElement);
};

/** Paging elements of a list response: Prefix, Marker, MaxResults as given, then the list, then NextMarker. */
export const pagedList = (
  paging: { prefix?: string | undefined; marker?: string | undefined; maxResults?: number | undefined },
  list: XmlElement,
  nextMarker: string,
): XmlElement => ({
  ...(paging.prefix === undefined ? {} : { Prefix: paging.prefix }),
  ...(paging.marker === undefined ? {} : { Marker: paging.marker }),
  ...(paging.maxResults === undefined ? {} : { MaxResults: paging.maxResults }),
  ...list,
  NextMarker: nextMarker,
});

/** An element list: `<Entries><File/>…</Entries>`; empty lists stay as an empty wrapper. */
export const wrapped = (items: Record<string, XmlElement[]>): XmlElement | string =>
  Object.values(items).some((list) => list.length > 0)
    ? Object.fromEntries(Object.entries(items).filter(([, list]) => list.length > 0))
    : '';
