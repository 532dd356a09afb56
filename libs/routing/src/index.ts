// Owns routing: which department leads on an issue and which co-handle it, by category and place.
export * from './route-resolver';
export * from './routing-rules.repository';
