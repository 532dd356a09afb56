// Owns "the place lies in the station's township": a station stands in a township (a deputies' home) or in one of
// its villages (a work station), and an issue raised there is about the township itself or one of its villages and
// communities. Intake, the reception-day record and the intake options all ask it here, in TypeScript or in SQL.

/** The message a place outside the station's township is refused with, after the field's path. */
export const OUTSIDE_TOWNSHIP = "must be a village or community in the station's township, or the township itself";

export interface PlaceFacts {
  id: string;
  level: string;
  parentId: string | null;
}

/** True when the place is the township itself or one of its villages and communities. */
export function liesInTownship(place: PlaceFacts, townshipRegionId: string): boolean {
  return (
    (place.level === 'township' && place.id === townshipRegionId) ||
    (place.level === 'village' && place.parentId === townshipRegionId)
  );
}

/** SQL: the township of a station whose region row is `region` (its own id, or its village's parent). */
export function stationTownshipSql(region: string): string {
  return `CASE WHEN ${region}.level = 'township' THEN ${region}.id ELSE ${region}.parent_id END`;
}

/** SQL: the region row `place` lies in the township whose id is the SQL expression `townshipId`. */
export function liesInTownshipSql(place: string, townshipId: string): string {
  return `(${place}.id = ${townshipId} OR (${place}.parent_id = ${townshipId} AND ${place}.level = 'village'))`;
}
