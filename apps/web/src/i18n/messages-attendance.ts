// The attendance screens' words, kept apart from messages.ts so each feature owns its own file. Spread into zh and en there.

export const zhAttendance = {} as const;

export const enAttendance: Record<keyof typeof zhAttendance, string> = {};
