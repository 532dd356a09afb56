// Owns the wording of the reception-day emails: Chinese first, an English version below it.
import { chinaDateOf, type ReceptionNoticeKind } from '@app/contracts';
import type { RenderedMail } from '../issues/issue-mail';

export interface ReceptionSummary {
  stationName: string;
  heldOn: string;
  nominalDate: string;
  dutyNames: string[];
  recordDueAt: string;
  /** Link to the reception day in the app. */
  url: string;
}

const SEPARATOR = '\n\n— English —\n\n';

export function receptionMail(kind: ReceptionNoticeKind, s: ReceptionSummary): RenderedMail {
  const duty = s.dutyNames.length ? s.dutyNames.join('、') : '（未排班）';
  const dutyEn = s.dutyNames.length ? s.dutyNames.join(', ') : '(nobody on the rota)';
  const moved = s.heldOn === s.nominalDate ? '' : `（${s.nominalDate} 非工作日，顺延至 ${s.heldOn}）`;
  const movedEn = s.heldOn === s.nominalDate ? '' : ` (${s.nominalDate} is not a working day: moved to ${s.heldOn})`;
  const due = chinaDateOf(s.recordDueAt);
  let subjectZh: string;
  let subjectEn: string;
  let zh: string[];
  let en: string[];
  switch (kind) {
    case 'reminder':
      subjectZh = `接待日提醒：${s.stationName} ${s.heldOn}`;
      subjectEn = `Reception day reminder: ${s.heldOn}`;
      zh = [
        `${s.stationName}将于 ${s.heldOn} 举行代表接待选民活动${moved}。`,
        `值班代表：${duty}。`,
        '请值班代表按时到站接待选民；联络员请做好场地、登记簿准备，并在接待后及时登记接待情况。',
      ];
      en = [
        `${s.stationName} receives voters on ${s.heldOn}${movedEn}.`,
        `Deputies on duty: ${dutyEn}.`,
        'Deputies on duty, please be at the station; liaison officer, please prepare the room and the register and ' +
          'record the reception afterwards.',
      ];
      break;
    case 'record_reminder':
      subjectZh = `请登记接待情况：${s.stationName} ${s.heldOn}`;
      subjectEn = `Please record the reception of ${s.heldOn}`;
      zh = [
        `${s.stationName} ${s.heldOn} 的接待日尚未登记，应于 ${due} 前登记。`,
        '请登记接待选民人数和反映的问题；如未举行，请说明原因。',
      ];
      en = [
        `The reception day of ${s.heldOn} at ${s.stationName} is not recorded yet; it was due by ${due}.`,
        'Please record the voters received and the issues raised, or say why it was not held.',
      ];
      break;
    case 'overdue':
      subjectZh = `接待日逾期未登记：${s.stationName} ${s.heldOn}`;
      subjectEn = `Reception day not recorded: ${s.heldOn}`;
      zh = [`${s.stationName} ${s.heldOn} 的接待日至今未登记，已记为逾期未登记。`, '请尽快补登接待情况。'];
      en = [
        `The reception day of ${s.heldOn} at ${s.stationName} is still not recorded and is now noted overdue.`,
        'Please record it as soon as possible.',
      ];
      break;
  }
  return {
    subject: `【联络】${subjectZh} / ${subjectEn}`,
    text: `${[...zh, '', `查看：${s.url}`].join('\n')}${SEPARATOR}${[...en, '', `Open: ${s.url}`].join('\n')}\n`,
  };
}
