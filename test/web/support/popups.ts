// Choosing from antd's popups (Select, DatePicker) the way a keyboard user does, without racing them. Every browser
// suite uses these; none clicks into a popup by coordinates.
//
// Why: antd draws a popup in a layer of its own and keeps it beside its field, so whenever the page scrolls it moves the
// popup again in a later frame — and while it opens it plays an animation. Playwright's click scrolls its target into
// view, checks what is under the pointer, then presses and releases; on a busy machine the popup moved in between, so
// the press landed on the option and the release on the page's sticky header, no click reached the option, and the
// dropdown stayed open (issue 20's flaky reception test; its event log showed exactly that). So: bring the field to
// the middle of the screen before opening, wait until this field's own popup has finished opening and holds still,
// move through it by keyboard (no pointer, so nothing can land on the wrong layer), check each move took effect before
// the next, and wait until the popup has closed and the field shows the choice.
import type { Locator, Page } from 'playwright-core';
import { until as untilEvery } from './api';

/** A popup reacts within frames: look often, give up after the suites' usual 30 s. */
const until = <T>(what: string, probe: () => Promise<T | undefined>) => untilEvery(what, probe, 30_000, 50);

/** An option's label: a string is matched as a part of it (`'荣家湾镇'` finds 荣家湾镇人大代表之家), a RegExp as written. */
export type OptionLabel = string | RegExp;

const matches = (label: OptionLabel, text: string): boolean =>
  typeof label === 'string' ? text.includes(label) : label.test(text);

interface SelectState {
  expanded: boolean;
  /** The listbox the field controls while open (rc-select's `<id>_list`). */
  listId: string | null;
  /** aria-activedescendant: changes with every move through the list. */
  activeId: string | null;
  activeText: string | null;
  optionTexts: string[];
  /** What the field shows as chosen: the tags of a multiple select, the value of a single one. */
  shown: string[];
  /** The popup is shown, no opening/closing animation runs, and it did not move between two frames. */
  settled: boolean;
}

/** The id of a field's input (antd gives every Select and DatePicker input one), by which the page code finds it. */
async function idOf(field: Locator): Promise<string> {
  const id = await field.getAttribute('id');
  if (!id) throw new Error(`${String(field)} has no id`);
  return id;
}

/**
 * Reads the field and its own popup in one go (found through aria-controls, never "the visible dropdown"). A string,
 * evaluated in the page: the suites compile without the DOM library.
 */
const readSelect = (page: Page, id: string): Promise<SelectState> =>
  page.evaluate<SelectState>(`(async () => {
    const input = document.getElementById(${JSON.stringify(id)});
    const listId = input.getAttribute('aria-controls');
    const popup = listId ? document.getElementById(listId)?.closest('.ant-select-dropdown') : null;
    const before = popup?.getBoundingClientRect();
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const after = popup?.getBoundingClientRect();
    const animating = popup ? /-(appear|enter|leave)\\b/.test(popup.className) : true;
    const shown = popup ? getComputedStyle(popup).display !== 'none' && after.height > 0 : false;
    const field = input.closest('.ant-select');
    const tags = [...field.querySelectorAll('.ant-select-selection-item')].map((tag) => tag.textContent);
    const value = field.querySelector('.ant-select-content-has-value');
    return {
      shown: tags.length > 0 ? tags : value ? [value.textContent] : [],
      expanded: input.getAttribute('aria-expanded') === 'true',
      listId,
      activeId: input.getAttribute('aria-activedescendant'),
      activeText: popup?.querySelector('.ant-select-item-option-active')?.textContent ?? null,
      optionTexts: Array.from(popup?.querySelectorAll('.ant-select-item-option') ?? [], (o) => o.textContent ?? ''),
      settled:
        shown && !animating && before.top === after.top && before.left === after.left && before.height === after.height,
    };
  })()`);

/** Puts a field in the middle of the screen, so that its popup opens with room and nothing scrolls while it is open. */
const scrollToMiddle = (page: Page, id: string): Promise<void> =>
  page.evaluate(`document.getElementById(${JSON.stringify(id)}).scrollIntoView({ block: 'center' })`);

/**
 * Chooses `option` in an antd Select by keyboard. `search` is typed first where the field searches (the reference
 * pickers ask the API as one types); a `multiple` select stays open for more, so it is left by moving the focus away.
 */
export async function chooseOption(
  page: Page,
  select: Locator,
  option: OptionLabel,
  { search, multiple = false }: { search?: string; multiple?: boolean } = {},
): Promise<void> {
  const what = `${String(option)} in ${String(select)}`;
  const id = await idOf(select);
  await scrollToMiddle(page, id);
  await select.focus();
  if (search) await page.keyboard.type(search);
  else await page.keyboard.press('ArrowDown');
  // Open and still; a searching field offers the option once the API has answered (a long list draws only the options
  // in view, so without a search the option may appear only as we move down to it).
  let state = await until(`the list for ${what}`, async () => {
    const now = await readSelect(page, id);
    const offered = search ? now.optionTexts.some((text) => matches(option, text)) : now.optionTexts.length > 0;
    return now.expanded && now.settled && offered ? now : undefined;
  });
  const listId = state.listId;
  for (let moves = 0; !matches(option, state.activeText ?? ''); moves += 1) {
    if (moves > state.optionTexts.length + 50) throw new Error(`${what}: went round the list without reaching it`);
    const from = state.activeId;
    await page.keyboard.press('ArrowDown');
    // Read again only once the move has happened, so a slow render never makes us press twice and skip the option.
    state = await until(`a move through the list for ${what}`, async () => {
      const now = await readSelect(page, id);
      return now.activeId !== from ? now : undefined;
    });
  }
  await page.keyboard.press('Enter');
  if (multiple) await select.blur();
  // Closed: this field's popup has finished hiding, and the field shows the choice.
  await until(`${what} to be chosen and its list closed`, async () => {
    const now = await readSelect(page, id);
    const hidden = await page.evaluate<boolean>(
      `[...document.querySelectorAll('.ant-select-dropdown')]
        .filter((popup) => popup.querySelector('[id=${JSON.stringify(listId)}]'))
        .every((popup) => getComputedStyle(popup).display === 'none')`,
    );
    return !now.expanded && hidden && now.shown.some((text) => matches(option, text)) ? true : undefined;
  });
}

/**
 * Types a date into an antd DatePicker as a keyboard user would (its input takes the date written out), presses
 * Enter, and waits until the picker's panel has closed and the field holds that date.
 */
export async function chooseDate(page: Page, input: Locator, day: string): Promise<void> {
  await scrollToMiddle(page, await idOf(input));
  await input.fill(day);
  await page.keyboard.press('Enter');
  await until(`${String(input)} to hold ${day} with its panel closed`, async () => {
    const value = await input.inputValue();
    const open = await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)').count();
    return value === day && open === 0 ? true : undefined;
  });
}
