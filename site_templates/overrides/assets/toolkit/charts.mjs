// Draws a chart that Python computed (browser_py/core/charts.py) as inline SVG, and a
// flow diagram (browser_py/core/flow.py) as boxes: every position, length and label comes
// from Python; this only makes the elements, with textContent for text.

const SVG = "http://www.w3.org/2000/svg";
const ATTRIBUTES = ["x", "y", "width", "height", "class"];
let drawn = 0;

function shape(spec) {
  const kind = spec.type === "rect" ? "rect" : "text";
  const element = document.createElementNS(SVG, kind);
  for (const name of ATTRIBUTES) {
    if (spec[name] !== undefined) element.setAttribute(name, String(spec[name]));
  }
  if (kind === "text") element.textContent = spec.text;
  return element;
}

/** A figure holding the chart, its title and its text alternative. */
export function chartFigure(chart) {
  drawn += 1;
  const id = `tk-chart-${chart.id}-${drawn}`;
  const figure = document.createElement("figure");
  figure.className = "tk-chart";
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "tk-chart__svg");
  svg.setAttribute("role", "img");
  svg.setAttribute("width", "100%");
  svg.setAttribute("height", String(chart.height));
  svg.setAttribute("aria-labelledby", `${id}-title ${id}-desc`);
  const title = document.createElementNS(SVG, "title");
  title.id = `${id}-title`;
  title.textContent = chart.title;
  const desc = document.createElementNS(SVG, "desc");
  desc.id = `${id}-desc`;
  desc.textContent = chart.description;
  svg.append(title, desc, ...chart.shapes.map(shape));
  const caption = document.createElement("figcaption");
  caption.className = "tk-chart__caption";
  caption.textContent = chart.title;
  caption.setAttribute("aria-hidden", "true"); // the chart's own title names it once
  figure.append(caption, svg);
  return figure;
}

function span(className, text) {
  const element = document.createElement("span");
  element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

// The arrow between two boxes: decorative, in the text's colour (as flow.py's ARROW).
function arrow() {
  const svg = document.createElementNS(SVG, "svg");
  for (const [name, value] of Object.entries({
    class: "tk-flow__arrow", viewBox: "0 0 24 14", width: "24", height: "14",
    "aria-hidden": "true", focusable: "false",
  })) svg.setAttribute(name, value);
  const path = document.createElementNS(SVG, "path");
  for (const [name, value] of Object.entries({
    d: "M1 7h19M14 1.5l6.5 5.5-6.5 5.5", fill: "none", stroke: "currentColor", "stroke-width": "2",
  })) path.setAttribute(name, value);
  svg.append(path);
  return svg;
}

/** A step-by-step diagram Python described (browser_py/core/flow.py): its title and
 * sentence, the boxes with arrows (hidden from screen readers), and the ordered list
 * screen readers read instead. */
export function flowFigure(flow) {
  drawn += 1;
  const id = `tk-flow-${flow.id}-${drawn}`;
  const figure = document.createElement("figure");
  figure.className = "tk-flow";
  figure.setAttribute("aria-labelledby", `${id}-title`);
  const caption = document.createElement("figcaption");
  caption.className = "tk-flow__title";
  caption.id = `${id}-title`;
  caption.textContent = flow.title;
  const description = document.createElement("p");
  description.className = "tk-flow__description";
  description.textContent = flow.description;
  const steps = document.createElement("div");
  steps.className = "tk-flow__steps";
  steps.setAttribute("aria-hidden", "true");
  flow.steps.forEach((step, index) => {
    const holder = document.createElement("div");
    holder.className = `tk-flow__step${step.wait ? " tk-flow__step--wait" : ""}`;
    const box = document.createElement("div");
    box.className = "tk-flow__box";
    const name = span("tk-flow__name");
    name.append(span("tk-flow__number", String(step.number)), ` ${step.name}`);
    box.append(name);
    if (step.tags.length) { // after the name; shown last in the box (toolkit.css)
      const tags = span("tk-flow__tags");
      step.tags.forEach((tag) => tags.append(span("tk-flow__tag", tag)));
      box.append(tags);
    }
    for (const line of step.lines) {
      const row = span(`tk-flow__line${line.missing ? " tk-flow__line--missing" : ""}`);
      row.append(span("tk-flow__label", `${line.label}:`), ` ${line.text}`);
      box.append(row);
    }
    if (index) holder.append(arrow());
    holder.append(box);
    steps.append(holder);
  });
  const words = document.createElement("ol");
  words.className = "tk-flow__words";
  flow.steps.forEach((step) => words.append(Object.assign(document.createElement("li"), {
    value: step.number, textContent: step.words,
  })));
  figure.append(caption, description, steps, words);
  if (flow.note) {
    const note = document.createElement("p");
    note.className = "tk-flow__note";
    note.textContent = flow.note;
    figure.append(note);
  }
  return figure;
}

/** Show ``chart`` (a chart, or a flow diagram) in ``holder`` (or empty it when there is
 * none). */
export function drawChart(holder, chart) {
  if (!holder) return;
  const figure = chart?.kind === "flow" ? flowFigure(chart) : chart ? chartFigure(chart) : null;
  holder.replaceChildren(...(figure ? [figure] : []));
  holder.hidden = !chart;
}
