// Owns the official working-day calendar: arithmetic on working days and the published holiday schedules.
export * from './working-calendar';
export * from './official-calendar';
