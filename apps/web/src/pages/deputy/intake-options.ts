// What the deputy can choose from: stations (with the places of each station's township) and categories. The API
// has no endpoint for these yet (see intakeOptions); until it has, the choices are the deputy's own earlier issues'
// stations, places and categories, which is also what a deputy picks most often.
import { ApiError } from '../../api/client';
import { intakeOptions, listIssues } from '../../api/endpoints';
import type { IntakeOptions, IntakeStation, NamedRef } from '../../api/types';

export interface LoadedIntakeOptions extends IntakeOptions {
  /** 'api': the full lists; 'recent': only what the deputy's earlier issues used. */
  source: 'api' | 'recent';
}

export async function loadIntakeOptions(signal: AbortSignal): Promise<LoadedIntakeOptions> {
  try {
    return { ...(await intakeOptions(signal)), source: 'api' };
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  const recent = await listIssues({ limit: 100 }, signal);
  const stations = new Map<string, IntakeStation>();
  const categories = new Map<string, NamedRef>();
  for (const issue of recent.items) {
    const station = stations.get(issue.station.id) ?? { ...issue.station, places: [] };
    if (!station.places.some((place) => place.id === issue.place.id)) station.places.push(issue.place);
    stations.set(station.id, station);
    categories.set(issue.category.id, issue.category);
  }
  return { stations: [...stations.values()], categories: [...categories.values()], source: 'recent' };
}
