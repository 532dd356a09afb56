// Owns how GeoReport v2 answers are written: the same objects as a JSON array or as the spec's XML (root element, one
// child per item, null fields as empty elements), and errors as the spec's list of { code, description }.
import type { Response } from 'express';
import { create } from 'xmlbuilder2';

/** Where the GeoReport v2 server answers (its controller's path, with the leading slash). */
export const OPEN311_PATH_PREFIX = '/open311/v2/';

export const OPEN311_FORMATS = ['json', 'xml'] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

type Scalar = string | number | boolean | null;
export interface Open311Item {
  [field: string]: Scalar | Open311Item[] | undefined;
}

/** The XML element names of each answer: the root and the element of each item in it, and of nested lists. */
export interface XmlShape {
  root: string;
  item: string;
  /** A nested list's field → its items' element name (`attributes` → `attribute`, `values` → `value`). */
  lists?: Record<string, string>;
}

export const SERVICES_XML: XmlShape = { root: 'services', item: 'service' };
export const REQUESTS_XML: XmlShape = { root: 'service_requests', item: 'request' };
export const ERRORS_XML: XmlShape = { root: 'errors', item: 'error' };
const ATTRIBUTE_LISTS = { attributes: 'attribute', values: 'value' };

/** The format a path ends with (`.json` / `.xml`); JSON for anything else, so an error is still readable. */
export function formatOfPath(path: string): Open311Format {
  return path.toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}

export function sendOpen311(response: Response, format: Open311Format, shape: XmlShape, items: Open311Item[]): void {
  if (format === 'json') {
    response.type('application/json; charset=utf-8').send(JSON.stringify(items));
    return;
  }
  const root = create({ version: '1.0', encoding: 'UTF-8' }).ele(shape.root);
  for (const item of items) appendItem(root, shape.item, item, shape.lists ?? {});
  response.type('application/xml; charset=utf-8').send(root.end({ prettyPrint: false }));
}

/** The service definition is one object (not a list): its own root, with nested attribute and value lists. */
export function sendServiceDefinition(response: Response, format: Open311Format, definition: Open311Item): void {
  if (format === 'json') {
    response.type('application/json; charset=utf-8').send(JSON.stringify(definition));
    return;
  }
  const root = create({ version: '1.0', encoding: 'UTF-8' });
  appendItem(root, 'service_definition', definition, ATTRIBUTE_LISTS);
  response.type('application/xml; charset=utf-8').send(root.end({ prettyPrint: false }));
}

export function sendOpen311Errors(
  response: Response,
  format: Open311Format,
  status: number,
  descriptions: string[],
): void {
  response.status(status);
  sendOpen311(
    response,
    format,
    ERRORS_XML,
    descriptions.map((description) => ({ code: status, description })),
  );
}

/** The spec's descriptions of a house error body: each field's message, else the message. */
export function open311Descriptions(body: { message: string; fields?: Record<string, string[]> }): string[] {
  return body.fields ? Object.values(body.fields).flat() : [body.message];
}

type XmlParent = ReturnType<typeof create>;

function appendItem(parent: XmlParent, name: string, item: Open311Item, lists: Record<string, string>): void {
  const element = parent.ele(name);
  for (const [field, value] of Object.entries(item)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      const list = element.ele(field);
      for (const child of value) appendItem(list, lists[field] ?? 'item', child, lists);
    } else {
      element.ele(field).txt(value === null ? '' : String(value));
    }
  }
}
