// The reception screens' words, kept apart from messages.ts so each feature owns its own file. Spread into zh and en there.

export const zhReception = {} as const;

export const enReception: Record<keyof typeof zhReception, string> = {};
