// Draws a chart that Python computed (browser_py/core/charts.py) as inline SVG: every
// position, length and label comes from Python; this only makes the elements, with
// textContent for text.

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

/** Show ``chart`` in ``holder`` (or empty it when there is none). */
export function drawChart(holder, chart) {
  if (!holder) return;
  holder.replaceChildren(...(chart ? [chartFigure(chart)] : []));
  holder.hidden = !chart;
}
