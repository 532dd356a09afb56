// Repeated issues and hot spots (重复件, 热点): their words, kept apart from messages.ts as each feature's are.

export const zhDuplicates = {
  'duplicates.title': '发现 {count} 件疑似重复事项（同一地点、同类问题、近期反映）',
  'duplicates.similarity': '相似度 {score}%',
  'duplicates.mergeHere': '并入此事项',
} as const;

export const enDuplicates: Record<keyof typeof zhDuplicates, string> = {
  'duplicates.title': '{count} likely duplicate(s): same place, same kind of problem, raised recently',
  'duplicates.similarity': '{score}% similar',
  'duplicates.mergeHere': 'Merge into this issue',
};
