// The API's English messages as a zh-CN user reads them: translated where known, a general Chinese sentence where
// not — never the English itself under a Chinese screen — and Chinese ones as written. English users get the original.
import { localizeApiMessage } from '../../apps/web/src/i18n/api-messages';

describe('API messages on a zh-CN screen', () => {
  it('translates the known ones, including the reason an unsatisfied rating needs', () => {
    expect(localizeApiMessage('zh', 'an unsatisfied rating needs a comment saying what is still wrong')).toBe(
      '选择“不满意”须写明原因：哪些问题仍未解决',
    );
    expect(localizeApiMessage('zh', 'comment must not be blank')).toBe('不能为空');
  });

  it('shows no English for a message nobody translated, and Chinese ones as written', () => {
    const untranslated = localizeApiMessage('zh', 'Something the web app has never heard of');
    expect(untranslated).not.toMatch(/[A-Za-z]/);
    expect(untranslated).toBe('操作未能完成，请检查填写的内容后重试');
    expect(localizeApiMessage('zh', '该联络站已停用')).toBe('该联络站已停用');
  });

  it('leaves English as the API wrote it for English users', () => {
    expect(localizeApiMessage('en', 'Something the web app has never heard of')).toBe(
      'Something the web app has never heard of',
    );
  });
});
