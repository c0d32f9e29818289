// Draws the start page's dashboard. Python builds its content; this only makes elements
// with textContent.
// Text people typed, or sentences holding it, sits in its own <bdi> beside other text:
// its direction (Arabic, Hebrew) never moves the label or the numbers next to it.
import { isolated } from "./documents.mjs";
import { say } from "./words.mjs";

function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

function drawNext(container, next, district, link) {
  const box = container.querySelector("[data-dashboard-next]");
  if (!box) return;
  box.hidden = !next;
  if (!next) return;
  box.querySelector("[data-next-kicker]").replaceChildren(
    ...(district ? [isolated(district), say("next_step_after")] : [say("next_step")]));
  box.querySelector("[data-next-title]").textContent = next.title;
  box.querySelector("[data-next-progress]").textContent =
    [next.page_title, next.progress].filter(Boolean).join(" · ");
  const go = box.querySelector("[data-next-link]");
  go.href = link(`${next.page}#ws-${next.worksheet}`).href;
  go.textContent = say(next.started ? "continue_step" : "start_step", { title: next.title });
  go.onclick = (event) => {
    if (new URL(go.href).pathname === location.pathname && focusWorksheet(next.worksheet)) {
      event.preventDefault();
      event.stopPropagation(); // the theme's instant navigation would move focus again
      history.replaceState(history.state, "", go.href);
    } else {
      sessionStorage.setItem(FOCUS_KEY, next.worksheet); // focused when its page opens
    }
  };
}

const FOCUS_KEY = "cmhp-toolkit:focus-worksheet";

/** Put the cursor in a worksheet's first box, so typing goes there. */
export function focusWorksheet(worksheetId) {
  const field = document.querySelector(
    `#ws-${CSS.escape(worksheetId)} form :is(input, textarea, select):not([type=hidden])`);
  field?.focus();
  return Boolean(field);
}

/** After "Continue" opened another page: focus the worksheet it named, once. */
export function focusAfterNextStep() {
  const id = sessionStorage.getItem(FOCUS_KEY);
  if (!id) return;
  sessionStorage.removeItem(FOCUS_KEY);
  focusWorksheet(id);
}

export function drawDashboard(container, data, siteUrl) {
  container.querySelector("[data-dashboard-summary]").textContent = data.summary;
  const list = container.querySelector("[data-dashboard-items]");
  const url = (page) => new URL(page, siteUrl);
  const link = (page, text) => Object.assign(el("a", text), { href: url(page).href });
  drawNext(container, data.next, data.district, url);
  if (data.empty) {
    list.replaceChildren(...data.path.map((step) => {
      const item = el("li");
      item.append(link(step.page, step.title || step.page));
      return item;
    }));
    list.className = "tk-dashboard__items tk-dashboard__items--path";
  } else {
    list.replaceChildren(...data.items.map((entry) => {
      const item = el("li", undefined, "tk-dashboard__item");
      const title = el("p", undefined, "tk-dashboard__title");
      title.append(link(`${entry.page}#ws-${entry.worksheet}`, entry.title),
        el("span", ` · ${entry.progress}`));
      item.append(title);
      if (entry.missing_text) {
        item.append(el("p", entry.missing_text,
          "tk-dashboard__result tk-dashboard__result--incomplete tk-dashboard__missing"));
      }
      entry.results.forEach((result) => {
        const p = el("p", undefined, `tk-dashboard__result tk-dashboard__result--${result.status}`);
        p.append(el("span", `${result.label}: `, "tk-dashboard__label"), isolated(result.text));
        item.append(p);
        if (result.names.length) {
          const names = el("ul", undefined, "tk-dashboard__names");
          result.names.forEach((name) => names.append(el("li", name)));
          item.append(names);
        }
      });
      return item;
    }));
    list.className = "tk-dashboard__items";
  }
  list.hidden = false;
}
