// Owns what a deputy may choose when submitting: each station they serve with the places of its township (the
// township first), and the active categories.
import { Inject, Injectable } from '@nestjs/common';
import type { IntakeOptionsView, IntakeStationView } from './intake-options.controller';
import { IntakeOptionsRepository } from './intake-options.repository';

@Injectable()
export class IntakeOptionsService {
  constructor(@Inject(IntakeOptionsRepository) private readonly repository: IntakeOptionsRepository) {}

  async options(deputyId: string | null): Promise<IntakeOptionsView> {
    const [places, categories] = await Promise.all([
      this.repository.stationPlaces(deputyId),
      this.repository.activeCategories(),
    ]);
    const stations = new Map<string, IntakeStationView>();
    for (const row of places) {
      const station = stations.get(row.stationId) ?? { id: row.stationId, name: row.stationName, places: [] };
      if (row.placeId && row.placeName) station.places.push({ id: row.placeId, name: row.placeName });
      stations.set(row.stationId, station);
    }
    return { stations: [...stations.values()], categories };
  }
}
