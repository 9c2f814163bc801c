// XML bodies the File service returns: errors and directory listings. Shapes follow the SDK's
// generated mappers (StorageError, ListFilesAndDirectoriesSegmentResponse), which is what parses them.
import type { ListingPage } from '../model/filesModel.js';

const declaration = '<?xml version="1.0" encoding="utf-8"?>';

export const escapeXml = (text: string): string =>
  text.replace(
    /[<>&'"]/g,
    (char) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', "'": 'apos', '"': 'quot' }[char]};`,
  );

const element = (name: string, text: string): string => `<${name}>${escapeXml(text)}</${name}>`;

/** `<Error><Code/><Message/>…</Error>`: the SDK reads `Code` and `Message` into its RestError. */
export const errorXml = (code: string, message: string, details: Readonly<Record<string, string>>): string =>
  `${declaration}<Error>${element('Code', code)}${element('Message', message)}${Object.entries(details)
    .map(([name, text]) => element(name, text))
    .join('')}</Error>`;

export interface ListingXmlInput {
  serviceEndpoint: string;
  shareName: string;
  directoryPath: string;
  prefix: string | undefined;
  marker: string | undefined;
  maxResults: number | undefined;
  page: ListingPage;
}

/**
 * `<EnumerationResults>` for List Directories and Files. `<Entries>` is always present (the SDK
 * maps over its items) and `<NextMarker/>` is empty on the last page, which ends the SDK's paging.
 */
export const listingXml = (input: ListingXmlInput): string => {
  const attributes = `ServiceEndpoint="${escapeXml(input.serviceEndpoint)}" ShareName="${escapeXml(input.shareName)}" DirectoryPath="${escapeXml(input.directoryPath)}"`;
  const entries = input.page.entries
    .map((entry) =>
      entry.kind === 'file'
        ? `<File>${element('Name', entry.name)}${element('FileId', entry.id)}<Properties>${element('Content-Length', String(entry.content.size))}</Properties></File>`
        : `<Directory>${element('Name', entry.name)}${element('FileId', entry.id)}<Properties /></Directory>`,
    )
    .join('');
  return [
    declaration,
    `<EnumerationResults ${attributes}>`,
    input.prefix === undefined ? '' : element('Prefix', input.prefix),
    input.marker === undefined ? '' : element('Marker', input.marker),
    input.maxResults === undefined ? '' : element('MaxResults', String(input.maxResults)),
    `<Entries>${entries}</Entries>`,
    input.page.nextMarker ? element('NextMarker', input.page.nextMarker) : '<NextMarker />',
    '</EnumerationResults>',
  ].join('');
};
