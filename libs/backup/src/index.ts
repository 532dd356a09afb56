// Owns backups that restore: logical copies of Lianluo's (and Temporal's) databases with checksums, and their restore.
export * from './backup';
export * from './system-backup';
