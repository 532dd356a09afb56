// jest's asymmetric matchers are typed `any`; these wrappers return `unknown`, so the suites stay free of
// unsafe assignments under the type-checked lint rules.
export const match = {
  any: (type: unknown): unknown => expect.any(type) as unknown,
  stringMatching: (pattern: RegExp | string): unknown => expect.stringMatching(pattern) as unknown,
  stringContaining: (text: string): unknown => expect.stringContaining(text) as unknown,
  objectContaining: (object: object): unknown => expect.objectContaining(object) as unknown,
  arrayContaining: (items: unknown[]): unknown => expect.arrayContaining(items) as unknown,
};
