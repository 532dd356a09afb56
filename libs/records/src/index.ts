// Owns the proof of the records: the hash chains over the evidence logs, their verifier and the signed digests.
export * from './digests';
export * from './processing-record';
export * from './record-chains';
export * from './retention';
