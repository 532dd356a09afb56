// Owns the proof of the records: the hash chains over the evidence logs, their verifier and the signed digests; the
// retention of personal data, the processing record, and the rotation of the key encrypting voters' contacts.
export * from './digests';
export * from './key-rotation';
export * from './processing-record';
export * from './record-chains';
export * from './retention';
