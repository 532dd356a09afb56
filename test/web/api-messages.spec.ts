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

  it('says in Chinese why a voter’s data cannot be erased yet (apps/api/src/subject-requests)', () => {
    expect(
      localizeApiMessage(
        'zh',
        'The submission is still being handled: its contact is needed to tell the voter the outcome. It can be ' +
          'erased once it is declined or the issue it went into is closed (and is erased by the retention run in ' +
          'any case).',
      ),
    ).toBe('这条反映尚在办理，需要用联系方式告知选民结果：不予受理或所转事项办结后才能删除');
    expect(
      localizeApiMessage('zh', 'the submission must be declined, or its issue closed, before its contact is erased'),
    ).toBe('须先不予受理或所转事项办结，才能删除联系方式');
    expect(localizeApiMessage('zh', 'The contact of this submission was already erased')).toBe(
      '这条反映的联系方式已删除',
    );
    expect(localizeApiMessage('zh', 'The voter data of this issue was erased and cannot be corrected')).toBe(
      '该事项的选民信息已删除',
    );
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
