// The working group's files: the person's name on this device, combining members' files
// (browser_py/sharing/group_files.py decides; this module shows its answer and the choices),
// and handing out a part. Nothing leaves the device but the files the person saves.

import { isolated } from "./documents.mjs";
import { say } from "./words.mjs";

const $ = (selector, scope = document) => scope.querySelector(selector);

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Bind the toolkit bar's working-group controls; returns `{combine(files)}`, which
 * previews combining files ({name, data: base64}) into the entries here. */
export function bindWorkingGroup(bar, { store, ask, applyState, message, download, onApplied }) {
  const box = $("[data-combine]", bar);
  const nameInput = $("[data-group-name]", bar);
  if (!box || !nameInput) return { combine() {} };
  let pending = null; // {files, choices, result}

  nameInput.value = store.group.name || "";
  nameInput.addEventListener("change", () => {
    const name = nameInput.value.split(/\s+/).filter(Boolean).join(" ").slice(0, 80);
    nameInput.value = name;
    store.setGroup({}, { name });
    message(name ? say("named_changes", { name }) : say("unnamed_changes"));
  });

  function close() {
    pending = null;
    box.hidden = true;
  }

  function draw(result) {
    $("[data-combine-title]", box).textContent = result.done;
    $("[data-combine-files]", box).replaceChildren(...result.files.map((file) => element("li", {},
      element("strong", { textContent: file.title }),
      ...(file.note ? [element("p", { className: "tk-preview__note" }, say("note"), isolated(file.note))] : []),
      element("ul", {}, ...file.lines.map((line) => element("li", { textContent: line }))))));
    const conflicts = $("[data-combine-conflicts]", box);
    const byFile = new Map();
    result.conflicts.forEach((conflict) => {
      if (!byFile.has(conflict.file)) byFile.set(conflict.file, []);
      byFile.get(conflict.file).push(conflict);
    });
    let at = 0;
    conflicts.replaceChildren(...[...byFile].flatMap(([file, list]) => {
      const all = (value, text) => {
        const button = element("button", { type: "button", className: "ws-button ws-button--quiet ws-button--small", textContent: text });
        button.addEventListener("click", () => {
          for (const conflict of list) pending.choices[conflict.id] = value;
          box.querySelectorAll("input[data-conflict]").forEach((input) => {
            if (list.some((c) => c.id === input.dataset.conflict)) input.checked = input.value === value;
          });
        });
        return button;
      };
      const head = element("p", { className: "tk-conflict__all" },
        element("span", {}, say("to_choose_in", { count: list.length }), isolated(file), say("to_choose_end")),
        all("mine", result.words.keep_all), " ", all("theirs", result.words.take_all));
      return [head, ...list.map((conflict) => {
        const name = `tk-conflict-${at++}`;
        const choice = (value, text, who) => {
          const input = element("input", { type: "radio", name, value, required: true, autocomplete: "off" });
          input.dataset.conflict = conflict.id;
          input.checked = pending.choices[conflict.id] === value;
          return element("label", { className: "tk-conflict__choice" }, input,
            element("span", {}, ...text), element("small", {}, isolated(who)));
        };
        return element("fieldset", { className: "tk-conflict" },
          element("legend", {}, isolated(conflict.title),
            ...(byFile.size > 1 ? [" (in “", isolated(conflict.file), "”)"] : [])),
          choice("theirs", [result.words.theirs, isolated(conflict.theirs)], conflict.theirs_note),
          choice("mine", [result.words.mine, isolated(conflict.mine)], conflict.mine_note));
      })];
    }));
    conflicts.hidden = !result.conflicts.length;
    box.hidden = false;
    $("[data-action=confirm-combine]", box).focus();
  }

  async function preview(files, choices = {}) {
    store.flush();
    const sent = store.group;
    const before = structuredClone(store.state);
    const result = await ask("combine_files", {
      current: before, files, record: sent, choices, now: new Date().toISOString(),
      offset: new Date().getTimezoneOffset(),
    });
    if (!result) return null;
    result.sent = sent;
    result.before = before;
    if (!result.ok) {
      close();
      message(result.message);
      return null;
    }
    pending = { files, choices, result };
    return result;
  }

  async function combine(files) {
    close();
    message("");
    const result = await preview(files);
    if (result) draw(result);
  }

  box.addEventListener("change", (event) => {
    const id = event.target.dataset?.conflict;
    if (id && pending) pending.choices[id] = event.target.value;
  });

  box.addEventListener("click", async (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action === "cancel-combine") {
      close();
      message(say("nothing_combined"));
    }
    if (action !== "confirm-combine" || !pending) return;
    const missing = pending.result.conflicts.filter((c) => !pending.choices[c.id]);
    if (missing.length) {
      message(missing.length === 1 ? say("choose_one") : say("choose_many", { count: missing.length }));
      $(`input[data-conflict="${CSS.escape(missing[0].id)}"]`, box)?.focus();
      return;
    }
    const result = await preview(pending.files, pending.choices);
    if (!result) return;
    if (result.state === null) { // another conflict came to light with these choices
      draw(result);
      return;
    }
    if (!result.changed) { // the undo kept is still the one from before the last change
      store.setGroup(result.record, {}, result.sent);
      message(result.done);
      close();
      return;
    }
    if (applyState(result.before, result.state)) {
      store.setGroup(result.record, {}, result.sent);
      const undoSaved = store.saveUndo(result.undo);
      message(result.done + (undoSaved ? "" : say("undo_unavailable")));
      onApplied(undoSaved ? result.undo : null);
    }
    close();
  });

  const handout = $("[data-handout]", bar);
  handout?.addEventListener("submit", async (event) => {
    event.preventDefault();
    const worksheets = [...handout.querySelectorAll("input[name=worksheet]:checked")].map((i) => i.value);
    if (!worksheets.length) {
      message(say("choose_a_worksheet"));
      return;
    }
    store.flush();
    const now = new Date();
    const sent = store.group;
    const file = await ask("export", {
      state: store.state, exported_at: now.toISOString(), record: sent, worksheets,
      note: $("[data-handout-note]", handout).value,
      recipient: $("[data-handout-for]", handout).value,
    });
    if (!file) return;
    download(file.filename, file.document, "application/json");
    store.setGroup(file.record, {}, sent);
    onApplied(null); // exported: nothing is left to undo
    message(file.done);
  });
  return { combine };
}
