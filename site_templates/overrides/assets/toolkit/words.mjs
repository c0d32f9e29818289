// The words the page shows by itself: browser_py/page/page_words.py holds them, and the build
// writes them into page_words.mjs. `say` fills each {name} in with `values[name]`.
import { WORDS } from "./page_words.mjs";

/** The page's words for `key`, with each {name} filled in from `values`. */
export function say(key, values = {}) {
  const text = WORDS[key];
  if (text === undefined) throw new Error(`page_words.py has no "${key}"`);
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}
