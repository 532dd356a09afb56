// Owns the rules of the GeoReport v2 server: categories as services, a posted request filed as a voter submission
// (the deputy decides, as for a QR code), where a request is placed, what a request shows (never the reporter's
// contact or name), and the per-client API keys.
import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { isEmail, isURL, isUUID } from 'class-validator';
import { PersonalDataCipher } from '@app/personal-data';
import type { AuthUser } from '../auth/auth-user';
import { isVoterPhone } from '../issues/voter-formats';
import { compactPhone, VoterSubmissionsService } from '../voter/voter-submissions.service';
import { VOTER_DESCRIPTION_MAX_LENGTH } from '../voter/voter.dto';
import type { Open311Item } from './open311-format';
import { Open311Repository, type ClientRow, type RequestFilter, type RequestRow } from './open311.repository';

/** The spec's bound on one answer of GET /requests, and its default window. */
export const OPEN311_MAX_REQUESTS = 1000;
export const OPEN311_WINDOW_DAYS = 90;
/** At most this many ids in one service_request_id list. */
export const OPEN311_MAX_IDS = 100;
const DAY_MS = 86_400_000;

/** The one attribute of every service: the station (代表之家 / 代表工作站) whose deputies will decide. */
export const STATION_ATTRIBUTE = 'station';

/** POST /requests fields and their longest accepted values; anything else is refused. */
const POST_FIELDS: Readonly<Record<string, number>> = {
  api_key: 200,
  jurisdiction_id: 100,
  service_code: 100,
  lat: 40,
  long: 40,
  address_string: 500,
  address_id: 100,
  email: 254,
  device_id: 100,
  account_id: 100,
  first_name: 50,
  last_name: 50,
  phone: 30,
  description: VOTER_DESCRIPTION_MAX_LENGTH,
  media_url: 2000,
};
const ATTRIBUTE_KEY = /^attribute\[([a-z_]{1,50})\]$/;
const ATTRIBUTE_MAX_LENGTH = 100;
/** W3C date-time with a zone, as the spec's dates are (2010-01-01T00:00:00Z, 2010-01-01T00:00:00+08:00). */
const W3C_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export interface RequestsQuery {
  service_request_id?: unknown;
  service_code?: unknown;
  start_date?: unknown;
  end_date?: unknown;
  status?: unknown;
  jurisdiction_id?: unknown;
}

export interface NewClientView {
  id: string;
  name: string;
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
  /** Shown once, here: only its SHA-256 is kept. */
  apiKey: string;
}

export type ClientView = Omit<NewClientView, 'apiKey'>;

@Injectable()
export class Open311Service {
  constructor(
    @Inject(Open311Repository) private readonly repository: Open311Repository,
    @Inject(VoterSubmissionsService) private readonly submissions: VoterSubmissionsService,
    @Inject(PersonalDataCipher) private readonly cipher: PersonalDataCipher,
  ) {}

  async services(): Promise<Open311Item[]> {
    return (await this.repository.services()).map((s) => ({
      service_code: s.code,
      service_name: s.nameZh,
      description: s.nameEn,
      // The station attribute: clients read the service definition for its choices.
      metadata: true,
      // The id (and a token) come back at once; the deputy decides afterwards.
      type: 'realtime',
      keywords: null,
      group: null,
    }));
  }

  async serviceDefinition(code: string): Promise<Open311Item> {
    const service = await this.repository.service(code);
    if (!service) throw new NotFoundException(`service_code ${code} not found`);
    const stations = await this.repository.stations();
    return {
      service_code: service.code,
      attributes: [
        {
          variable: true,
          code: STATION_ATTRIBUTE,
          datatype: 'singlevaluelist',
          required: false,
          datatype_description: '代表之家或代表工作站的编码',
          order: 1,
          description:
            '由哪个代表之家或代表工作站的代表处理。不填时按 address_string 中的村（社区）名或乡镇名确定；都不能确定时不予受理。',
          values: stations.map((s) => ({ key: s.code, name: s.name })),
        },
      ],
    };
  }

  /** Files the request as a voter submission of the station it is placed at; 403 for a key that is not active. */
  async create(form: Record<string, unknown>): Promise<Open311Item[]> {
    const fields = readForm(form);
    const apiKey = fields.get('api_key');
    if (!apiKey) throw new BadRequestException('api_key is required to create a service request');
    const client = await this.repository.activeClientByKeyHash(keyHash(apiKey));
    if (!client) throw new ForbiddenException("Invalid api_key received -- can't proceed with create_request");

    const serviceCode = fields.get('service_code');
    if (!serviceCode) throw new BadRequestException('service_code is required');
    const service = await this.repository.service(serviceCode);
    if (!service) throw new BadRequestException(`service_code ${serviceCode} was not found`);
    const description = fields.get('description')?.trim();
    if (!description || description.length < 5) {
      throw new BadRequestException('description is required (5 to 1000 characters): the deputy reads it');
    }
    const location = readLocation(fields);
    const email = fields.get('email')?.trim().toLowerCase() || null;
    if (email && !isEmail(email)) throw new BadRequestException('email is not an email address');
    const rawPhone = fields.get('phone')?.trim() || null;
    if (rawPhone && !isVoterPhone(rawPhone)) throw new BadRequestException('phone is not a phone number');
    if (!email && !rawPhone) {
      throw new BadRequestException('email or phone is required, so that the reporter can be told how it is handled');
    }
    const mediaUrl = fields.get('media_url') || null;
    if (mediaUrl && !isURL(mediaUrl, { protocols: ['http', 'https'], require_protocol: true })) {
      throw new BadRequestException('media_url must be an http or https URL');
    }
    const { stationId, placeRegionId } = await this.place(fields.attributes, location.addressString);

    const token = randomBytes(16).toString('hex');
    const { submissionId } = await this.submissions.file(
      { stationId, deputyId: null, placeRegionId, description, phone: rawPhone && compactPhone(rawPhone), email },
      (tx, id) =>
        this.repository.insertRequest(tx, {
          submissionId: id,
          clientId: client.id,
          token,
          categoryId: service.id,
          ...location,
          reporterFirstName: this.cipher.encrypt('name', fields.get('first_name')?.trim() || null),
          reporterLastName: this.cipher.encrypt('name', fields.get('last_name')?.trim() || null),
          deviceId: fields.get('device_id') || null,
          accountId: fields.get('account_id') || null,
          mediaUrl,
          attributes: Object.fromEntries(fields.attributes),
        }),
    );
    return [
      {
        service_request_id: submissionId,
        token,
        service_notice: '已转交人大代表，代表决定受理后交办承办部门',
        // Left out when the client sent none: the schema's account_id is a string, never null.
        account_id: fields.get('account_id') || undefined,
      },
    ];
  }

  async requests(query: RequestsQuery): Promise<Open311Item[]> {
    return (await this.repository.requests(readFilter(query))).map(toItem);
  }

  async request(id: string): Promise<Open311Item[]> {
    const rows = isUUID(id) ? await this.repository.requests({ ids: [id], limit: 1 }) : [];
    if (!rows.length) throw new NotFoundException(`service_request_id ${id} not found`);
    return rows.map(toItem);
  }

  async token(token: string): Promise<Open311Item[]> {
    const id = /^[0-9a-f]{32}$/.test(token) ? await this.repository.requestIdByToken(token) : null;
    if (!id) throw new NotFoundException(`token ${token} not found`);
    return [{ service_request_id: id, token }];
  }

  /**
   * Where a request goes, by a documented rule: the station named by attribute[station] (a station code from the
   * service definition); else the one station whose village, or failing that township, address_string names. The
   * place is the village or community of its township that the address names, else the station's own region.
   * lat/long alone place nothing (the regions have no boundaries here): 400 asking for one of the two.
   */
  private async place(
    attributes: Map<string, string>,
    address: string | null,
  ): Promise<{ stationId: string; placeRegionId: string }> {
    const code = attributes.get(STATION_ATTRIBUTE);
    if (code) {
      const station = await this.repository.stationByCode(code);
      if (!station) throw new BadRequestException(`attribute[${STATION_ATTRIBUTE}] ${code} is not a station code`);
      const target = await this.submissions.codeTarget(station.id, null);
      // The code target's places list the township first, then its villages and communities.
      const named = address ? await this.repository.placeNamedIn(target.places[0].id, address) : null;
      return { stationId: station.id, placeRegionId: named ?? target.defaultPlaceId };
    }
    const candidates = address ? await this.repository.stationsNamedIn(address) : [];
    const best = candidates.filter((c) => c.regionLevel === candidates[0]?.regionLevel);
    if (best.length !== 1) {
      throw new BadRequestException(
        best.length
          ? `address_string names places of ${best.length} stations: give attribute[${STATION_ATTRIBUTE}]`
          : `the location is not in a known village or township: give attribute[${STATION_ATTRIBUTE}] (a station code) or an address_string naming the village or township`,
      );
    }
    const named = address ? await this.repository.placeNamedIn(best[0].townshipRegionId, address) : null;
    return { stationId: best[0].stationId, placeRegionId: named ?? best[0].regionId };
  }

  // --- the admin's side

  async clients(): Promise<ClientView[]> {
    return (await this.repository.clients()).map(clientView);
  }

  async createClient(actor: AuthUser, name: string): Promise<NewClientView> {
    // 32 random bytes: a fast hash is enough to keep it, since there is nothing to guess.
    const apiKey = `o311_${randomBytes(32).toString('base64url')}`;
    const row = await this.repository.createClient(name.trim(), keyHash(apiKey), apiKey.slice(0, 10), actor.id);
    return { ...clientView(row), apiKey };
  }

  async revokeClient(actor: AuthUser, id: string): Promise<ClientView> {
    const row = await this.repository.revokeClient(id, actor.id);
    if (!row) throw new NotFoundException('Open311 client not found');
    return clientView(row);
  }
}

function keyHash(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex');
}

function clientView(row: ClientRow): ClientView {
  return {
    id: row.id,
    name: row.name,
    keyPrefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

interface Form {
  get(field: string): string | undefined;
  attributes: Map<string, string>;
}

/** The form's fields, each a single string within its length; attribute[...] apart; anything else refused. */
function readForm(form: Record<string, unknown>): Form {
  const values = new Map<string, string>();
  const attributes = new Map<string, string>();
  for (const [key, value] of Object.entries(form ?? {})) {
    if (typeof value !== 'string') throw new BadRequestException(`${key} must be given once, as text`);
    const attribute = ATTRIBUTE_KEY.exec(key);
    if (attribute) {
      if (attribute[1] !== STATION_ATTRIBUTE)
        throw new BadRequestException(`${key} is not an attribute of this service`);
      if (value.length > ATTRIBUTE_MAX_LENGTH) throw new BadRequestException(`${key} is too long`);
      attributes.set(attribute[1], value.trim());
      continue;
    }
    const max = POST_FIELDS[key];
    if (max === undefined) throw new BadRequestException(`${key} is not a field of a service request`);
    if (value.length > max) throw new BadRequestException(`${key} is longer than ${max} characters`);
    values.set(key, value);
  }
  return { get: (field) => values.get(field), attributes };
}

/** lat and long together (WGS84 degrees) or neither; one of lat/long, address_string or address_id is required. */
function readLocation(fields: Form) {
  const lat = fields.get('lat');
  const long = fields.get('long');
  if ((lat === undefined) !== (long === undefined)) throw new BadRequestException('lat and long go together');
  const latitude = lat === undefined ? null : degrees(lat, 90, 'lat');
  const longitude = long === undefined ? null : degrees(long, 180, 'long');
  const addressString = fields.get('address_string')?.trim() || null;
  const addressId = fields.get('address_id')?.trim() || null;
  if (latitude === null && !addressString && !addressId) {
    throw new BadRequestException('a location is required: lat and long, address_string or address_id');
  }
  return { lat: latitude, long: longitude, addressString, addressId };
}

function degrees(value: string, bound: number, field: string): number {
  const number = /^-?\d{1,3}(\.\d{1,12})?$/.test(value.trim()) ? Number(value) : NaN;
  if (!(Math.abs(number) <= bound))
    throw new BadRequestException(`${field} must be a number from -${bound} to ${bound}`);
  return number;
}

/** The spec's filters: a list of ids overrides the rest; dates at most 90 days apart, the last 90 days by default. */
function readFilter(query: RequestsQuery): RequestFilter {
  for (const [key, value] of Object.entries(query)) {
    if (typeof value !== 'string') throw new BadRequestException(`${key} must be given once`);
    if (value.length > 4000) throw new BadRequestException(`${key} is too long`);
  }
  const list = (value: unknown) =>
    typeof value === 'string' && value.trim()
      ? [...new Set(value.split(',').map((part) => part.trim()))].filter(Boolean)
      : undefined;
  const ids = list(query.service_request_id);
  if (ids) {
    if (ids.length > OPEN311_MAX_IDS) throw new BadRequestException(`at most ${OPEN311_MAX_IDS} service_request_id`);
    const bad = ids.find((id) => !isUUID(id));
    if (bad !== undefined) throw new BadRequestException(`service_request_id ${bad} is not an id of this server`);
    return { ids, limit: OPEN311_MAX_REQUESTS };
  }
  const statuses = list(query.status);
  const wrong = statuses?.find((s) => s !== 'open' && s !== 'closed');
  if (wrong !== undefined) throw new BadRequestException(`status must be open or closed, not ${wrong}`);
  const start = date(query.start_date, 'start_date');
  const end = date(query.end_date, 'end_date');
  const window = OPEN311_WINDOW_DAYS * DAY_MS;
  const to = end ?? (start ? new Date(Math.min(start.getTime() + window, Date.now())) : new Date());
  const from = start ?? new Date(to.getTime() - window);
  if (from > to) throw new BadRequestException('start_date must not be after end_date');
  if (to.getTime() - from.getTime() > window) {
    throw new BadRequestException(`start_date and end_date may not span more than ${OPEN311_WINDOW_DAYS} days`);
  }
  return {
    serviceCodes: list(query.service_code),
    statuses: statuses as ('open' | 'closed')[] | undefined,
    from,
    to,
    limit: OPEN311_MAX_REQUESTS,
  };
}

function date(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = typeof value === 'string' && W3C_DATE_TIME.test(value) ? new Date(value) : null;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new BadRequestException(`${field} must be a W3C date-time, e.g. 2026-12-01T00:00:00Z`);
  }
  return parsed;
}

function toItem(row: RequestRow): Open311Item {
  return {
    service_request_id: row.id,
    status: row.status,
    status_notes: statusNotes(row),
    service_name: row.serviceName,
    service_code: row.serviceCode,
    description: row.description,
    agency_responsible: row.agency,
    service_notice: null,
    requested_datetime: row.requestedAt.toISOString(),
    updated_datetime: row.updatedAt.toISOString(),
    expected_datetime: row.dueAt?.toISOString() ?? null,
    address: row.addressString,
    address_id: row.addressId,
    zipcode: null,
    lat: row.lat,
    long: row.long,
    media_url: row.mediaUrl,
  };
}

function statusNotes(row: RequestRow): string {
  switch (row.submissionStatus) {
    case 'declined':
      return `代表未予受理：${row.decisionReason ?? ''}`;
    case 'accepted':
    case 'merged':
      return row.status === 'closed'
        ? `已办结（事项编号 ${row.issueNumber}）`
        : `已受理办理（事项编号 ${row.issueNumber}）`;
    default:
      return '待代表处理';
  }
}
