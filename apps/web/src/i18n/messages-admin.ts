// The admin screens' words, kept apart from messages.ts so each feature owns its own file. Spread into zh and en there.

export const zhAdmin = {} as const;

export const enAdmin: Record<keyof typeof zhAdmin, string> = {};
