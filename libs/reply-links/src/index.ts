export * from './reply-link-token';
