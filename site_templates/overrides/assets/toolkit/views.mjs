// Draws the views that summarise every worksheet: the start page's dashboard and the
// full report. Python builds their content; this only makes elements with textContent.
// Text people typed, or sentences holding it, sits in its own <bdi> beside other text:
// its direction (Arabic, Hebrew) never moves the label or the numbers next to it.
import { chartFigure } from "./charts.mjs";
import { say } from "./words.mjs";

function el(tag, text, className) {
  const element = document.createElement(tag);
  if (text !== undefined) element.textContent = text;
  if (className) element.className = className;
  return element;
}

/** ``text`` isolated from what surrounds it, its direction taken from its own letters. */
export function isolated(text) {
  return el("bdi", text);
}

/** ``text`` of several lines (the answers of a multi-part entry) in ``tag``, one line
 * each: on screen and on paper, answers never run together. */
function lines(tag, text) {
  const element = el(tag);
  String(text).split("\n").forEach((line, index) => {
    if (index) element.append(document.createElement("br"));
    element.append(line);
  });
  return element;
}

function table(columns, rows) {
  const element = el("table");
  const head = element.createTHead().insertRow();
  columns.forEach((name) => {
    const th = el("th", name);
    th.scope = "col";
    head.append(th);
  });
  const body = element.createTBody();
  rows.forEach((values) => {
    const row = body.insertRow();
    values.forEach((value) => row.append(lines("td", value)));
  });
  const holder = el("div", undefined, "tk-report__table");
  holder.append(element);
  return holder;
}

// The first page: the figures a board asks about, with the names and the charts.
function drawSummary(summary) {
  const box = el("section", undefined, "tk-summary");
  box.setAttribute("aria-labelledby", "tk-summary-title");
  const title = el("h2", say("summary_title"));
  title.id = "tk-summary-title";
  box.append(title);
  if (!summary.items.length) box.append(el("p", say("nothing_entered"), "tk-report__empty"));
  const list = el("dl", undefined, "tk-summary__items");
  for (const item of summary.items) {
    const text = el("dd", item.text);
    list.append(el("dt", item.label), text);
    if (item.names.length) {
      const names = el("ul", undefined, "tk-summary__names");
      item.names.forEach((name) => names.append(el("li", name)));
      text.append(names);
    }
  }
  if (summary.charts.length) {
    const charts = el("div", undefined, "tk-summary__charts");
    summary.charts.forEach((chart) => charts.append(chartFigure(chart)));
    box.append(charts);
  }
  // The parts not started close the list, in its columns (on paper, page 1 holds it all).
  if (summary.not_started.length) {
    list.append(el("dt", say("not_started")),
      el("dd", `${summary.not_started.join("; ")}.`, "tk-summary__rest"));
  }
  box.append(list);
  return box;
}

export function drawReport(container, report) {
  const body = container.querySelector("[data-report-body]");
  const heading = el("p", undefined, "tk-report__meta");
  heading.append(isolated(report.district || say("district_not_named")), ` · ${report.date}`);
  const parts = [heading];
  if (report.shareable) parts.push(el("p", report.shareable, "tk-report__shareable"));
  parts.push(drawSummary(report.summary));
  for (const section of report.sections) {
    parts.push(el("h2", section.title));
    if (section.empty) {
      parts.push(el("p", say("nothing_entered"), "tk-report__empty"));
      continue;
    }
    if (section.entered_by) parts.push(el("p", section.entered_by, "tk-report__by"));
    if (section.missing) parts.push(el("p", section.missing, "tk-report__missing"));
    for (const block of section.blocks) {
      if (block.type === "heading") parts.push(el("h3", block.label));
      else if (block.type === "field") {
        const p = el("p");
        p.append(el("strong", block.label), document.createElement("br"), lines("bdi", block.text));
        parts.push(p);
      } else if (block.type === "table") {
        parts.push(el("p", block.label, "tk-report__label"), table(block.columns, block.rows));
      } else {
        const box = el("div", undefined, "tk-report__result");
        const p = el("p");
        p.append(el("strong", `${block.label}: `), isolated(block.text));
        box.append(p);
        if (block.messages.length) {
          const list = el("ul");
          block.messages.forEach((message) => list.append(el("li", message)));
          box.append(list);
        }
        if (block.columns.length) box.append(table(block.columns, block.rows));
        (block.more_tables || []).forEach((extra) => box.append(table(extra.columns, extra.rows)));
        parts.push(box);
      }
    }
  }
  body.replaceChildren(...parts);
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
