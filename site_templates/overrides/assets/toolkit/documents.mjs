// Draws a document Python built (browser_py/document.py): the report today, any document
// tomorrow. Each block comes with its `kind`; this only makes elements with textContent.
// Text people typed sits in its own <bdi>: its direction never moves the text beside it.
import { chartFigure, flowFigure } from "./charts.mjs";

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

// Text of several lines (the answers of a multi-part entry), one line each.
function lines(tag, text) {
  const element = el(tag);
  String(text).split("\n").forEach((line, index) => {
    if (index) element.append(document.createElement("br"));
    element.append(line);
  });
  return element;
}

function table(block) {
  const element = el("table");
  if (block.columns.length) {
    const head = element.createTHead().insertRow();
    block.columns.forEach((name) => {
      const th = el("th", name);
      th.scope = "col";
      head.append(th);
    });
  }
  const body = element.createTBody();
  block.rows.forEach((values) => {
    const row = body.insertRow();
    values.forEach((value, index) => {
      if (block.row_headers && index === 0) {
        const th = lines("th", value);
        th.scope = "row";
        row.append(th);
      } else row.append(lines("td", value));
    });
  });
  const holder = el("div", undefined, block.stacked ? "tk-report__table ws-stack" : "tk-report__table");
  holder.append(element);
  return holder;
}

const PARAGRAPH = {
  note: "tk-report__shareable", empty: "tk-report__empty", by: "tk-report__by",
  missing: "tk-report__missing", rest: "tk-summary__rest",
};

const DRAW = {
  heading: (block) => el(`h${block.level}`, block.text),
  paragraph: (block) => el("p", block.text, PARAGRAPH[block.style]),
  answer: (block) => {
    const p = el("p");
    p.append(el("strong", block.label), document.createElement("br"), lines("bdi", block.text));
    return p;
  },
  items: (block) => {
    const list = el("ul");
    block.items.forEach((text, index) => {
      const item = el("li");
      item.append(block.strong.includes(index) ? el("strong", text) : isolated(text));
      list.append(item);
    });
    return list;
  },
  table: (block) => (block.label
    ? [el("p", block.label, "tk-report__label"), table(block)] : [table(block)]),
  result: (block) => {
    const box = el("div", undefined, "tk-report__result");
    const p = el("p");
    p.append(el("strong", `${block.label}: `), isolated(block.text));
    box.append(p);
    if (block.messages.length) {
      const list = el("ul");
      block.messages.forEach((message) => list.append(el("li", message)));
      box.append(list);
    }
    block.tables.forEach((inner) => box.append(table(inner)));
    return box;
  },
  charts: (block) => {
    const box = el("div", undefined, "tk-summary__charts");
    block.charts.forEach((chart) => box.append(chartFigure(chart)));
    return box;
  },
  flow: (block) => flowFigure(block.flow),
  box: (block) => {
    const box = el("section", undefined, block.style === "summary" ? "tk-summary" : "tk-report__section");
    box.append(...drawBlocks(block.blocks));
    const title = box.querySelector("h2");
    if (title && block.style === "summary") {
      title.id = "tk-summary-title";
      box.setAttribute("aria-labelledby", title.id);
    }
    return box;
  },
};

// The blocks as elements; figures in a row make one list of terms and their figures.
function drawBlocks(blocks) {
  const parts = [];
  let figures = null;
  for (const block of blocks) {
    if (block.kind === "figure") {
      if (!figures) parts.push(figures = el("dl", undefined, "tk-summary__items"));
      const text = el("dd", block.text);
      figures.append(el("dt", block.label), text);
      if (block.names.length) {
        const names = el("ul", undefined, "tk-summary__names");
        block.names.forEach((name) => names.append(el("li", name)));
        text.append(names);
      }
      continue;
    }
    figures = null;
    parts.push(...[DRAW[block.kind](block)].flat());
  }
  return parts;
}

/** Draw ``doc`` into ``body``: the line of the district and the date, then its blocks.
 * With ``heading`` (the page's own title), the heading takes the document's title, so
 * that the page and its paper say which document, and which version, they hold. */
export function drawDocument(body, doc, districtMissing, heading = null) {
  // Its text only: the permalink beside it stays.
  if (heading) heading.replaceChildren(doc.title, ...heading.querySelectorAll(":scope > a"));
  const meta = el("p", undefined, "tk-report__meta");
  meta.append(isolated(doc.district || districtMissing), ` · ${doc.date}`);
  body.replaceChildren(meta, ...drawBlocks(doc.blocks));
  // The source closes the last section, so that on paper it never sits on a sheet alone.
  if (doc.credit) {
    const last = body.lastElementChild;
    (last?.matches("section") ? last : body).append(el("p", doc.credit, "tk-report__credit"));
  }
}
