// Writes a document Python built (browser_py/documents/document.py, `word_data`) as a Word
// file, with the npm package docx (vendored into the site as docx/docx.mjs). Loaded only
// when a person asks for a .docx: nothing here or in docx runs at a page's start.
// Headings are Word headings (the title in Word's Title style, sections in Heading 1,
// their parts in Heading 2), tables are Word tables whose header row repeats on each page,
// each line of an answer is its own paragraph, a chart is written as its text alternative
// and the data table it shows, and a flow diagram as its steps in order. Every text is a
// run of plain text.

// Text of several lines (the answers of a multi-part entry), one paragraph each.
const linesOf = (text) => String(text ?? "").split("\n");

/** The docx Document for ``doc`` (``word_data``'s JSON), made with the module ``docx``. */
export function wordDocument(docx, doc) {
  const {
    Document, Paragraph, TextRun, HeadingLevel, Table, TableRow, TableCell, WidthType,
  } = docx;
  const HEADING = { 2: HeadingLevel.HEADING_1, 3: HeadingLevel.HEADING_2, 4: HeadingLevel.HEADING_3 };
  const run = (text, style = {}) => new TextRun({ text: String(text ?? ""), ...style });
  const para = (runs, options = {}) => new Paragraph({ children: [runs].flat(), ...options });
  const bullet = (runs) => para(runs, { bullet: { level: 0 } });
  // "Label: text", the label in bold.
  const labelled = (label, text) => para([run(`${label}: `, { bold: true }), run(text)]);

  const cell = (text, header) => new TableCell({
    children: linesOf(text).map((line) => para(run(line, header ? { bold: true } : {}))),
  });
  function table(block) {
    const rows = [];
    if (block.columns.length) {
      rows.push(new TableRow({
        tableHeader: true, cantSplit: true,
        children: block.columns.map((name) => cell(name, true)),
      }));
    }
    block.rows.forEach((values) => rows.push(new TableRow({
      cantSplit: true,
      children: values.map((value, index) => cell(value, block.row_headers && index === 0)),
    })));
    return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
  }

  const WRITE = {
    heading: (block) => [para(run(block.text), { heading: HEADING[block.level] ?? HeadingLevel.HEADING_3 })],
    paragraph: (block) => [para(run(block.text, {
      bold: block.style === "note",
      italics: ["empty", "by", "missing"].includes(block.style),
    }))],
    answer: (block) => [para(run(block.label, { bold: true }), { keepNext: true }),
      ...linesOf(block.text).map((line) => para(run(line)))],
    items: (block) => block.items.map((text, index) => bullet(run(text, {
      bold: block.strong.includes(index),
    }))),
    table: (block) => [
      ...(block.label ? [para(run(block.label, { bold: true }), { keepNext: true })] : []),
      table(block), para([])],
    result: (block) => [labelled(block.label, block.text),
      ...block.messages.map((message) => bullet(run(message))),
      ...block.tables.flatMap((inner) => [table(inner), para([])])],
    figure: (block) => [labelled(block.label, block.text),
      ...block.names.map((name) => bullet(run(name)))],
    // A chart as what it shows: its title, its text alternative and its data table.
    charts: (block) => block.charts.flatMap((chart) => [
      para(run(chart.title, { bold: true }), { keepNext: true }),
      para(run(chart.description), { keepNext: true }),
      table({ columns: chart.columns, rows: chart.rows, row_headers: false }), para([])]),
    // A flow diagram as its text alternative: its title, its sentence, the steps in order.
    flow: (block) => [
      para(run(block.flow.title, { bold: true }), { keepNext: true }),
      para(run(block.flow.description), { keepNext: true }),
      ...block.flow.steps.map((step) => para(run(`${step.number}. ${step.words}`))),
      ...(block.flow.note ? [para(run(block.flow.note))] : []), para([])],
    box: (block) => blocks(block.blocks),
  };
  function blocks(list) {
    return list.flatMap((block) => {
      const write = WRITE[block.kind];
      if (!write) throw new TypeError(String(block.kind)); // a kind this writer lacks
      return write(block);
    });
  }

  const children = [para(run(doc.title), { heading: HeadingLevel.TITLE })];
  if (doc.meta) children.push(para(run(doc.meta)));
  children.push(...blocks(doc.blocks));
  if (doc.credit) children.push(para(run(doc.credit, { italics: true })));
  return new Document({
    title: doc.title,
    styles: { default: { document: { run: { size: 22 } } } }, // 11 pt
    sections: [{ children }],
  });
}

/** ``doc`` as a Word file (a Blob of ``type``); loads docx the first time it is asked. */
export async function wordFile(doc, type) {
  const docx = await import("./docx/docx.mjs");
  const blob = await docx.Packer.toBlob(wordDocument(docx, doc));
  return new Blob([blob], { type });
}
