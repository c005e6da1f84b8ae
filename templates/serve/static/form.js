/* sitesurvey: the on-site survey form.
   Drawn from the schema block (sitesurvey.server.form). Every change is kept in
   IndexedDB at once (a reload never loses input), checked by the server after 300 ms
   and saved (PUT with base_version) when online; photos and signatures wait in
   IndexedDB until the network returns, are uploaded first, then the survey is saved.
   A 409 shows both versions and lets the installer choose: nothing is overwritten
   silently. User text is only ever set with textContent. */
"use strict";
(function () {
  const { api, page, words, el, json } = window.Survey;
  const schema = json("form-schema");
  const id = page.survey_id;
  const lang = page.lang;
  const NUMBER = /^[-+]?\d+(?:\.\d+)?$/;
  /* a draft is the user's: another user on the same phone never sees or sends it */
  const KEY = (page.user ? page.user.name : "") + "/" + id;

  /* ------------------------------------------------------------ IndexedDB */
  function openDb() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open("sitesurvey", 1);
      request.onupgradeneeded = () => request.result.createObjectStore("drafts", { keyPath: "id" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  const dbReady = openDb();
  async function idb(mode, action) {
    const db = await dbReady;
    return new Promise((resolve, reject) => {
      const tx = db.transaction("drafts", mode);
      const request = action(tx.objectStore("drafts"));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  }

  /* ------------------------------------------------------------ state */
  /* refused: the fields the server refused (API path → message). Their raw text stays in
     state.survey (and IndexedDB) and at the field; what is sent leaves them out, so one
     bad field never blocks the rest. */
  const state = { base_version: null, survey: {}, dirty: false, pending: [], conflict: null, result: null, refused: {} };
  let persisted = 0;
  async function persist() {
    const record = {
      id: KEY, base_version: state.base_version, survey: state.survey, dirty: state.dirty,
      pending: state.pending, refused: state.refused,
    };
    await idb("readwrite", (store) => store.put(record));
    persisted += 1;
    document.body.dataset.persisted = String(persisted);
  }

  function setState(name) {
    const node = document.getElementById("save-state");
    node.dataset.state = name;
    node.textContent = words[name] || name;
  }

  /* ------------------------------------------------------------ paths */
  function getPath(obj, path) {
    let node = obj;
    for (const key of path.split(".")) {
      if (node === null || typeof node !== "object") return undefined;
      node = node[key];
    }
    return node;
  }
  function setPath(obj, path, value) {
    const keys = path.split(".");
    const parents = [];
    let node = obj;
    for (const key of keys.slice(0, -1)) {
      if (node[key] === null || typeof node[key] !== "object") {
        if (value === undefined) return;
        node[key] = {};
      }
      parents.push([node, key]);
      node = node[key];
    }
    const last = keys[keys.length - 1];
    if (value === undefined) {
      delete node[last];
      for (let i = parents.length - 1; i >= 0; i--) {
        const [parent, key] = parents[i];
        const child = parent[key];
        if (child && typeof child === "object" && !Array.isArray(child) && Object.keys(child).length === 0) delete parent[key];
        else break;
      }
    } else node[last] = value;
  }

  /* The survey as sent: list items left empty are dropped (an added, unfilled row). */
  function outgoing(refused) {
    function clean(value) {
      if (Array.isArray(value)) {
        return value.map(clean).filter((v) => !(v === "" || v === null || v === undefined
          || (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0)));
      }
      if (value && typeof value === "object") {
        const out = {};
        for (const [k, v] of Object.entries(value)) {
          const c = clean(v);
          if (!(Array.isArray(c) && c.length === 0 && Array.isArray(v) && v.length)) out[k] = c; /* all its items left out */
        }
        return out;
      }
      return value;
    }
    return without(clean(state.survey), refused || state.refused, clean);
  }

  /* An API path ("existing.hidden[2].x") as the keys of state.survey. */
  function apiKeys(path) {
    const keys = [];
    for (const part of path.split(".")) {
      const m = part.match(/^(.*?)((?:\[\d+\])*)$/);
      if (m[1]) keys.push(m[1]);
      for (const index of m[2].match(/\d+/g) || []) keys.push(Number(index) - 1);
    }
    return keys;
  }
  /* `data` without each path: the value there, or — when it is not there (a required
     key reported missing, a cross-field problem) — the section holding it; never a whole
     top-level section. A path inside a list ("existing.appliances[2].power") leaves out
     the WHOLE list: a rule must never check a partial list (the total of the other
     appliances would pass); without the list its rules are not_checked. Returns the
     cleaned copy. */
  function without(data, refused, clean) {
    const out = JSON.parse(JSON.stringify(data));
    const lists = new Set(); /* left out already (another of its fields) */
    for (const [path, entry] of Object.entries(refused)) {
      const keys = apiKeys(path);
      const index = keys.findIndex((k) => typeof k === "number");
      const top = index > 0 ? index : keys.length; /* the list's key, or the path's */
      const floor = index === 1 ? 1 : 2; /* a top-level list (photos) may go whole */
      if (index > 0 && !entry.up) {
        const list = keys.slice(0, index).join(".");
        if (lists.has(list)) continue;
        lists.add(list);
      }
      for (let depth = top - (entry.up || 0); depth >= floor; depth--) {
        let node = out;
        for (const key of keys.slice(0, depth - 1)) node = node === null || typeof node !== "object" ? undefined : node[key];
        const last = keys[depth - 1];
        if (node !== null && typeof node === "object" && node[last] !== undefined && node[last] !== null) {
          if (Array.isArray(node)) node[last] = null; else delete node[last];
          break;
        }
      }
    }
    return clean(out);
  }

  /* The problems of a 400, each with its field (or none: then nothing can be left out). */
  function problemsOf(error) {
    if (!error) return [];
    return error.problems && error.problems.length ? error.problems : [{ field: error.field, message: error.message }];
  }
  /* Call `send(survey)` with the fields in `refused` left out; on a 400 naming fields,
     add them (a field refused again: its list item or section) and try again, until the
     server takes the rest. Throws what cannot be left out (no field, nothing changed). */
  async function leavingOut(refused, send) {
    let last = null;
    for (let round = 0; round < 8; round++) {
      const body = outgoing(refused);
      const text = JSON.stringify(body);
      if (text === last) break;
      last = text;
      try { return await send(body); } catch (e) {
        if (e.status !== 400) throw e;
        const problems = problemsOf(e.body.error);
        if (!problems.length || problems.some((p) => !p.field)) throw e;
        for (const p of problems) {
          const old = refused[p.field];
          /* refused again once left out: go up, keeping the server's first word on it
             (not the retry's "missing") */
          if (old) old.up = (old.up || 0) + 1;
          else refused[p.field] = { message: p.message, up: 0 };
        }
      }
    }
    const error = new Error("refused");
    error.status = 400;
    error.body = { error: { message: "", problems: Object.entries(refused).map(([field, r]) => ({ field, message: r.message })) } };
    throw error;
  }

  /* ------------------------------------------------------------ changes */
  let checkTimer = null;
  let draftSeq = 0; /* changes so far; checkedDraft: the one the shown checks are of */
  let checkedDraft = -1;
  let checking = false;
  let saveTimer = null;
  function changed(errorPath) {
    if (errorPath) {
      for (const key of Object.keys(state.refused)) {
        if (key === errorPath || key.startsWith(errorPath + ".") || key.startsWith(errorPath + "[")) delete state.refused[key];
      }
    }
    state.dirty = true;
    draftSeq += 1;
    setState(navigator.onLine ? "unsaved" : "offline");
    persist();
    noteChecks();
    clearTimeout(checkTimer);
    checkTimer = setTimeout(() => { checkTimer = null; runCheck(); }, 300);
    clearTimeout(saveTimer);
    saveTimer = setTimeout(sync, 1200);
  }

  /* ------------------------------------------------------------ widgets */
  function splitQuantity(value) {
    if (value === undefined || value === null || value === "") return { num: "", unit: null };
    if (typeof value === "number") return { num: String(value), unit: null };
    if (typeof value === "object" && "value" in value) return { num: String(value.value), unit: value.unit };
    const text = String(value).trim();
    const m = text.match(/^([-+]?\d+(?:\.\d+)?)\s*(.*)$/);
    /* "2,6" is no number and unit: shown as typed (the refused raw text) */
    if (!m || (m[2] && !/^[A-Za-z°µμ²\u4e00-\u9fff]/.test(m[2]))) return { num: text, unit: null };
    return { num: m[1], unit: m[2] || null };
  }

  /* Buttons of which one is picked; picking the picked one again clears the value,
     unless `fixed` (a confirmation is always one of its three answers). */
  function segmented(options, current, onPick, path, fixed) {
    const group = el("div", { class: "seg", role: "radiogroup" });
    for (const option of options) {
      const button = el("button", {
        type: "button", class: "seg-btn", role: "radio",
        "aria-checked": String(option.value === current), dataset: { value: String(option.value) },
      }, option.label);
      button.addEventListener("click", () => {
        const again = button.getAttribute("aria-checked") === "true";
        if (again && fixed) return;
        const picked = again ? undefined : option.value;
        for (const b of group.children) b.setAttribute("aria-checked", String(b === button && picked !== undefined));
        onPick(picked);
      });
      group.append(button);
    }
    if (path) group.dataset.input = path;
    return group;
  }

  function fieldBox(f, errorPath, control) {
    const label = el("label", { class: "label" }, f.label);
    const box = el("div", { class: "field kind-" + f.kind, dataset: { path: errorPath, rules: (f.rules || []).join(" ") } }, [
      label, control, el("div", { class: "field-error", role: "alert" }),
    ]);
    const input = control.querySelector ? (control.matches("input,select,textarea") ? control : control.querySelector("input,select")) : null;
    if (input && !input.id) {
      input.id = "f-" + errorPath.replace(/[^A-Za-z0-9_-]/g, "_");
      label.htmlFor = input.id;
    }
    return box;
  }

  /* One field: reads and writes state.survey at `path`; errors shown for `errorPath`. */
  function renderField(f, path, errorPath) {
    const current = getPath(state.survey, path);
    const write = (value) => { setPath(state.survey, path, value); changed(errorPath); };
    if (f.kind === "quantity") {
      const q = splitQuantity(current);
      const input = el("input", {
        type: "text", inputmode: "decimal", class: "num", value: q.num, readonly: f.readonly || undefined,
        autocomplete: "off", dataset: { input: errorPath },
      });
      const units = f.units.slice();
      if (q.unit && !units.includes(q.unit)) units.push(q.unit);
      let unitNode;
      if (units.length > 1) {
        unitNode = el("select", { class: "unit", "aria-label": f.label + " unit", disabled: f.readonly || undefined },
          units.map((u) => el("option", { value: u }, u === "公斤" ? "公斤 (kgf/cm²)" : u)));
        unitNode.value = q.unit || units[0];
      } else {
        unitNode = el("span", { class: "unit" }, q.unit || units[0]);
        unitNode.value = q.unit || units[0];
      }
      const commit = () => {
        const num = input.value.trim();
        if (num === "") write(undefined);
        else if (NUMBER.test(num)) write(num + " " + unitNode.value);
        else write(num); /* as typed ("C32", "2米6"): the grammar reads it or says why not */
      };
      input.addEventListener("input", commit);
      if (unitNode.tagName === "SELECT") unitNode.addEventListener("change", commit);
      return fieldBox(f, errorPath, el("div", { class: "qty" }, [input, unitNode]));
    }
    if (f.kind === "count") {
      const input = el("input", {
        type: "text", inputmode: "numeric", class: "num", value: current === undefined ? "" : String(current),
        dataset: { input: errorPath },
      });
      input.addEventListener("input", () => {
        const text = input.value.trim();
        write(text === "" ? undefined : /^\d+$/.test(text) ? Number(text) : text);
      });
      return fieldBox(f, errorPath, input);
    }
    if (f.kind === "choice") {
      const numeric = f.choices.every((c) => /^\d+$/.test(c.value));
      const value = current === undefined || current === null ? undefined : String(current);
      if (f.choices.length > 4) {
        const select = el("select", { dataset: { input: errorPath } }, [
          el("option", { value: "" }, words.none_selected),
          ...f.choices.map((c) => el("option", { value: c.value }, c.label)),
        ]);
        select.value = value || "";
        select.addEventListener("change", () => write(select.value === "" ? undefined : numeric ? Number(select.value) : select.value));
        return fieldBox(f, errorPath, select);
      }
      const normal = value && value.replace("_", " ");
      return fieldBox(f, errorPath, segmented(f.choices, normal, (v) => write(v === undefined ? undefined : numeric ? Number(v) : v), errorPath));
    }
    if (f.kind === "yesno") {
      let value;
      if (current === true || current === "yes" || current === "是") value = "yes";
      if (current === false || current === "no" || current === "否") value = "no";
      return fieldBox(f, errorPath, segmented(
        [{ value: "yes", label: words.yes }, { value: "no", label: words.no }], value,
        (v) => write(v === undefined ? undefined : v === "yes"), errorPath));
    }
    if (f.kind === "confirmation") {
      const value = current === undefined ? "not yet" : String(current).replace("_", " ");
      return fieldBox(f, errorPath, segmented(
        [{ value: "yes", label: words.yes }, { value: "no", label: words.no }, { value: "not yet", label: words.not_yet }],
        value, (v) => write(v), errorPath, true));
    }
    if (f.kind === "list") return renderList(f, path);
    /* text; a placeholder of the blank survey ("（客户姓名 customer name）") is no
       information: shown empty with a hint, and an emptied field goes back to it (the
       reader requires the key) */
    const placeholder = schema.placeholders[path];
    const unfilled = current === undefined || current === null || (placeholder !== undefined && current === placeholder)
      || ((state.result && state.result.unfilled) || []).includes(path);
    const input = el("input", {
      type: "text", value: unfilled ? "" : String(current),
      readonly: f.readonly || undefined, dataset: { input: errorPath },
      placeholder: unfilled && !f.readonly ? words.please_fill : undefined,
      class: unfilled && current !== undefined && current !== null ? "unfilled" : undefined,
    });
    input.addEventListener("input", () => {
      input.classList.remove("unfilled");
      write(input.value === "" ? placeholder : input.value);
    });
    return fieldBox(f, errorPath, input);
  }

  function renderList(f, path) {
    const box = el("div", { class: "field kind-list", dataset: { path, rules: (f.rules || []).join(" ") } });
    function draw() {
      box.replaceChildren(el("div", { class: "label" }, f.label));
      const items = getPath(state.survey, path);
      const list = Array.isArray(items) ? items : [];
      list.forEach((item, i) => {
        const itemPath = path + "." + i;
        const errorBase = path + "[" + (i + 1) + "]";
        const fields = f.items.map((sub) => sub.path === ""
          ? renderField(sub, itemPath, errorBase)
          : renderField(sub, itemPath + "." + sub.path, errorBase + "." + sub.path));
        const remove = el("button", { type: "button", class: "remove" }, words.remove);
        remove.addEventListener("click", () => {
          list.splice(i, 1);
          if (list.length === 0) setPath(state.survey, path, undefined);
          changed();
          draw();
        });
        box.append(el("fieldset", { class: "item" }, [el("legend", {}, String(i + 1)), ...fields, remove]));
      });
      const add = el("button", { type: "button", class: "add" }, "+ " + words.add);
      add.addEventListener("click", () => {
        const next = Array.isArray(getPath(state.survey, path)) ? getPath(state.survey, path) : [];
        next.push(f.items.length === 1 && f.items[0].path === "" ? "" : {});
        setPath(state.survey, path, next);
        persist();
        draw();
      });
      box.append(add);
    }
    draw();
    return box;
  }

  /* ------------------------------------------------------------ the form */
  const form = document.getElementById("survey");
  function renderForm() {
    const toc = document.getElementById("toc");
    toc.replaceChildren();
    form.replaceChildren();
    for (const section of schema.sections) {
      toc.append(el("a", { href: "#sec-" + section.key }, section.label));
      form.append(el("section", { class: "card", id: "sec-" + section.key, dataset: { section: section.key } }, [
        el("h2", {}, section.label),
        ...section.fields.map((f) => renderField(f, f.path, f.path)),
        el("h3", { class: "checks-heading" }, words.checks),
        el("ul", { class: "checks", id: "checks-" + section.key, "aria-live": "polite" }),
      ]));
    }
    for (const [key, label] of [["plan-box", null], ["photos-box", null], ["signatures-box", null]]) {
      const heading = document.querySelector("#" + key + " h2");
      if (heading) toc.append(el("a", { href: "#" + key }, label || heading.textContent));
    }
    renderPhotos();
    renderSignatures();
    if (state.result) showResults(state.result);
  }

  /* ------------------------------------------------------------ checks */
  let checkSeq = 0;
  function statusWord(status) { return words[status] || status; }
  async function runCheck() {
    if (!navigator.onLine) { noteChecks(); return; }
    const seq = ++checkSeq;
    const draft = draftSeq;
    const refused = {};
    checking = true;
    try {
      const result = await leavingOut(refused, (survey) => api("POST", "/api/surveys/" + id + "/check", { survey }));
      if (seq !== checkSeq) return;
      state.refused = refused;
      persist();
      state.result = result;
      checkedDraft = draft;
      showRefused();
      showResults(result);
      showUnfilled(result.unfilled || []);
      renderSignatures();
    } catch (e) {
      if (seq !== checkSeq) return;
      if (e.status === 400) { state.refused = refused; persist(); showRefused(e.body.error); }
    } finally {
      if (seq === checkSeq) { checking = false; noteChecks(); }
    }
  }

  /* A value the survey marks as a placeholder is never shown as if real. */
  function showUnfilled(paths) {
    for (const path of paths) {
      const input = form.querySelector('input[data-input="' + CSS.escape(path) + '"]');
      if (!input || input.value !== String(getPath(state.survey, path) ?? "")) continue;
      input.value = "";
      input.placeholder = words.please_fill;
      input.classList.add("unfilled");
    }
  }

  /* Say whether the shown checks are of this draft: of an older one (no check since the
     last change could run), or of this one without the refused fields. */
  function noteChecks() {
    const node = document.getElementById("checks-note");
    if (!node) return;
    const refused = Object.keys(state.refused);
    let mode = "current";
    let message = "";
    if (state.result && checkedDraft < draftSeq && !checking && !checkTimer) {
      mode = "stale";
      message = words.checks_stale;
    } else if (refused.length) {
      mode = "partial";
      message = words.checks_partial + refused.map(humanize).join(lang === "zh" ? "、" : ", ");
    }
    document.body.dataset.checks = mode;
    node.textContent = message;
    node.hidden = !message;
  }

  /* A message naming fields by key path ("existing.breaker.rating: ...",
     "confirmations.H-DRILL") names them by their label in the page's language. */
  function humanize(message) {
    /* a confirmation's message already says what is confirmed: its key in brackets
       would only repeat it as a label ("尚未确认（钻孔位置…）：钻孔位置…") */
    const plain = String(message).replace(/\s?[（(]confirmations\.[A-Z0-9-]+[）)]/g, "");
    return plain.replace(/\b[a-z][a-z_]*(?:\.[A-Za-z0-9_-]+|\[\d+\])+/g, (token) => {
      const key = token.replace(/\[\d+\]/g, "[]");
      const number = (token.match(/\[(\d+)\]/) || [])[1];
      for (let k = key; k; k = k.includes(".") ? k.slice(0, k.lastIndexOf(".")) : "") {
        let label = schema.labels[k];
        if (!label) continue;
        const list = k.includes("[]") ? k.slice(0, k.indexOf("[]")) : null;
        if (list && number && schema.labels[list] && label.startsWith(schema.labels[list])) {
          label = schema.labels[list] + " " + number + label.slice(schema.labels[list].length);
        } else if (!list && number && key.startsWith(k + "[]")) label += " " + number;
        return label;
      }
      return token;
    });
  }

  function text(item, key) { return lang === "zh" && item[key + "_zh"] ? item[key + "_zh"] : item[key]; }

  function showResults(result) {
    const bySection = {};
    for (const r of result.results || []) {
      /* the engineering cross-check (ENG-...) is the route's: the design */
      const key = schema.rule_sections[r.rule] || "design";
      (bySection[key] = bySection[key] || []).push(r);
    }
    const worst = {};
    const rank = { fail: 4, warn: 3, not_checked: 2, pass: 1, not_applicable: 0 };
    for (const section of schema.sections) {
      const list = document.getElementById("checks-" + section.key);
      list.replaceChildren();
      for (const r of bySection[section.key] || []) {
        if (section.key === "confirmations" && r.status === "not_checked") continue;
        list.append(el("li", { class: "check st-" + r.status, dataset: { rule: r.rule, status: r.status } }, [
          el("span", { class: "badge st-" + r.status }, statusWord(r.status)),
          el("span", { class: "rule" }, r.rule),
          el("span", { class: "title" }, schema.rule_titles[r.rule] || ""),
          el("span", { class: "msg" }, humanize(text(r, "message"))),
        ]));
        if (!(r.rule in worst) || rank[r.status] > rank[worst[r.rule]]) worst[r.rule] = r.status;
      }
    }
    for (const node of form.querySelectorAll(".field[data-rules]")) {
      const statuses = node.dataset.rules.split(" ").filter(Boolean).map((r) => worst[r]).filter(Boolean);
      statuses.sort((a, b) => rank[b] - rank[a]);
      if (statuses.length) node.dataset.status = statuses[0]; else delete node.dataset.status;
    }
    const plan = document.getElementById("plan");
    plan.replaceChildren(...((result.plan && result.plan.items) || []).map((i) => el("li", { class: i.departs_from_table ? "departs" : "" }, [
      el("span", { class: "value" }, text(i, "value")),
      i.departs_from_table ? el("span", { class: "reason" }, text(i, "reason")) : null,
    ])));
    const mods = document.getElementById("modifications");
    const changes = result.modifications || [];
    mods.replaceChildren(...(changes.length ? changes.map((m) => el("li", { dataset: { item: m.item } }, humanize(text(m, "change"))))
      : [el("li", { class: "muted", dataset: { pending: String(!!result.modifications_pending) } },
        result.modifications_pending ? humanize(text(result.modifications_pending, "message")) : words.no_changes)]));
    document.body.dataset.draft = String(!!result.draft);
  }

  function clearProblems() {
    for (const node of document.querySelectorAll(".field-error")) node.textContent = "";
    for (const node of document.querySelectorAll(".field.has-error")) node.classList.remove("has-error");
    const general = document.getElementById("general-error");
    if (general) general.remove();
  }

  /* The refused fields' messages at their fields (a general problem at the top). */
  function showRefused(error) {
    const problems = Object.entries(state.refused).map(([field, r]) => ({ field, message: r.message }));
    for (const p of problemsOf(error)) if (!p.field || !(p.field in state.refused)) problems.push(p);
    showProblems(problems);
    noteChecks();
  }

  /* The kind of value a field takes, for the catalog's line on a refused value. */
  function valueKind(node, path) {
    if (/(^|\.)(appointment)$/.test(path)) return "window";
    if (/(^|\.)date$/.test(path)) return "date";
    for (const kind of ["quantity", "count", "choice", "yesno", "confirmation"]) {
      if (node.classList.contains("kind-" + kind)) return kind === "yesno" || kind === "confirmation" ? "choice" : kind;
    }
    return "other";
  }

  function showProblems(problems) {
    clearProblems();
    for (const p of problems) {
      let node = null;
      if (p.field) {
        const candidates = [...form.querySelectorAll(".field[data-path]")];
        node = candidates.find((n) => n.dataset.path === p.field)
          || candidates.filter((n) => p.field.startsWith(n.dataset.path)).sort((a, b) => b.dataset.path.length - a.dataset.path.length)[0];
      }
      const detail = humanize(p.message);
      if (node) {
        node.classList.add("has-error");
        const box = node.querySelector(".field-error");
        const lines = [];
        if (lang === "zh") {
          const format = /\bexpected\b|\bgot\b/.test(p.message);
          lines.push(el("span", { class: "err-line" }, format ? words["refused_" + valueKind(node, p.field)] || words.refused_other : words.refused_other));
        }
        lines.push(el("span", { class: "err-detail" }, detail));
        box.replaceChildren(...lines);
      } else {
        let general = document.getElementById("general-error");
        if (!general) {
          general = el("p", { id: "general-error", class: "error", role: "alert" });
          form.prepend(general);
        }
        general.textContent = (general.textContent ? general.textContent + " " : "") + detail;
      }
    }
  }

  /* ------------------------------------------------------------ photos */
  const previews = new Map();
  function blobUrl(blob) {
    if (!previews.has(blob)) previews.set(blob, URL.createObjectURL(blob));
    return previews.get(blob);
  }
  function isoNow() {
    const d = new Date();
    const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
    const off = -d.getTimezoneOffset();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":"
      + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) + (off >= 0 ? "+" : "-") + pad(off / 60) + ":" + pad(off % 60);
  }
  /* A photo as sent: JPEG, its long side at most 2048 px, quality 0.85 (the server
     re-encodes it anyway); what the browser cannot decode goes as it is, for the
     server's message. */
  const LONG_SIDE = 2048;
  async function shrink(file) {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
      const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
      const canvas = document.createElement("canvas");
      canvas.width = Math.max(1, Math.round(bitmap.width * scale));
      canvas.height = Math.max(1, Math.round(bitmap.height * scale));
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
      return blob || file;
    } catch (e) { return file; }
  }
  function renderPhotos() {
    const box = document.getElementById("photos");
    box.replaceChildren();
    for (const subject of schema.photo_subjects) {
      const input = el("input", { type: "file", accept: "image/*", capture: "environment", class: "photo-input", dataset: { subject: subject.value } });
      input.addEventListener("change", async () => {
        const files = [...input.files];
        input.value = "";
        for (const file of files) {
          const blob = await shrink(file);
          state.pending.push({ kind: "photo", subject: subject.value, blob, name: blob === file ? file.name || "photo.jpg" : "photo.jpg", taken_at: isoNow() });
        }
        changed();
        renderPhotos();
      });
      const thumbs = el("div", { class: "thumbs" });
      for (const p of (state.survey.photos || []).filter((p) => p.subject === subject.value)) {
        const remove = el("button", { type: "button", class: "remove-photo", "aria-label": words.remove }, "×");
        remove.addEventListener("click", () => {
          state.survey.photos = (state.survey.photos || []).filter((q) => q !== p);
          if (!state.survey.photos.length) delete state.survey.photos;
          changed();
          renderPhotos();
        });
        thumbs.append(el("figure", { class: "thumb saved", dataset: { sha256: p.sha256 } }, [
          el("img", { src: "/api/surveys/" + id + "/files/" + p.sha256, alt: subject.label, dataset: { sha256: p.sha256 } }), remove]));
      }
      for (const p of state.pending.filter((p) => p.kind === "photo" && p.subject === subject.value)) {
        const remove = el("button", { type: "button", class: "remove-photo", "aria-label": words.remove }, "×");
        remove.addEventListener("click", () => {
          state.pending = state.pending.filter((q) => q !== p);
          persist();
          renderPhotos();
        });
        thumbs.append(el("figure", { class: "thumb pending" + (p.error ? " refused" : "") }, [
          el("img", { src: blobUrl(p.blob), alt: subject.label }),
          el("figcaption", { role: p.error ? "alert" : undefined }, p.error ? words.photo_refused + " " + humanize(p.error) : words.pending), remove]));
      }
      box.append(el("div", { class: "photo-row", dataset: { subject: subject.value } }, [
        el("label", { class: "photo-button button" }, [el("span", {}, subject.label), input]),
        thumbs,
      ]));
    }
  }

  /* ------------------------------------------------------------ signatures */
  function signatureAt(point) {
    const sigs = state.survey.signatures || {};
    if (point.startsWith("consent.")) return ((sigs.consent || {})[point.slice(8)]) || null;
    return sigs[point] || null;
  }
  function setSignature(point, entry) {
    const sigs = state.survey.signatures = state.survey.signatures || {};
    if (point.startsWith("consent.")) {
      const consent = sigs.consent = sigs.consent || {};
      consent[point.slice(8)] = Object.assign({}, consent[point.slice(8)] || {}, entry);
    } else sigs[point] = entry;
  }
  function pointShown(point) {
    if (point.when === "always") return true;
    if (signatureAt(point.point)) return true;
    if (point.when === "checked") {
      /* the final acceptance: only once the latest check, of the whole survey (no field
         refused), says it is no draft and nothing is missing ("draft" alone is false for
         a survey that fails a rule while still incomplete) */
      const r = state.result;
      const done = !!r && r.draft === false && !(r.missing || []).length && !(r.unfilled || []).length
        && !Object.keys(state.refused).length;
      return done || state.pending.some((p) => p.kind === "signature" && p.point === point.point);
    }
    const items = ((state.result && state.result.modifications) || []).map((m) => m.item);
    const item = point.when === "consent" ? point.point.slice(8) : point.point;
    return items.includes(item);
  }
  /* Rows are rebuilt only when their point's state changes (a check result arriving
     while the customer signs must not wipe the pad). */
  const sigRows = new Map();
  function renderSignatures() {
    const box = document.getElementById("signatures");
    const shown = [];
    for (const point of schema.signature_points) {
      const old = sigRows.get(point.point);
      if (!pointShown(point)) {
        if (old) { old.pad.off(); sigRows.delete(point.point); }
        if (point.until) {
          shown.push(el("div", { class: "sig-point waiting", dataset: { until: point.point } }, [
            el("h3", {}, point.label), el("p", { class: "muted until" }, point.until)]));
        }
        continue;
      }
      const saved = signatureAt(point.point);
      const pending = state.pending.find((p) => p.kind === "signature" && p.point === point.point);
      const key = JSON.stringify([saved, pending ? [pending.captured_at, pending.consent] : null]);
      if (old && old.key === key) { shown.push(old.node); continue; }
      if (old) old.pad.off();
      const row = buildSignature(point, saved, pending);
      sigRows.set(point.point, { key, node: row.node, pad: row.pad });
      shown.push(row.node);
    }
    box.replaceChildren(...shown);
    for (const node of shown) {
      const entry = sigRows.get(node.dataset.point);
      if (entry && !entry.sized) { entry.sized = true; sizePad(entry.pad, node.querySelector("canvas")); }
    }
  }
  /* "2026-12-03T11:12:30+00:00" → the phone's local time in the page's language. */
  function localTime(iso) {
    const d = new Date(iso || "");
    if (Number.isNaN(d.getTime())) return iso || "";
    const two = (n) => String(n).padStart(2, "0");
    if (lang === "zh") return d.getFullYear() + "年" + (d.getMonth() + 1) + "月" + d.getDate() + "日 " + two(d.getHours()) + ":" + two(d.getMinutes());
    return d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
  }
  function sizePad(pad, canvas) {
    const ratio = Math.max(window.devicePixelRatio || 1, 1);
    canvas.width = canvas.offsetWidth * ratio;
    canvas.height = canvas.offsetHeight * ratio;
    canvas.getContext("2d").scale(ratio, ratio);
    pad.clear();
  }
  function buildSignature(point, saved, pending) {
    const row = el("div", { class: "sig-point", dataset: { point: point.point } }, [el("h3", {}, point.label)]);
    if (point.when === "consent") {
      const value = (pending && pending.consent) || (saved && saved.consent) || undefined;
      row.append(segmented([{ value: "yes", label: words.yes }, { value: "no", label: words.no }], value, (v) => {
        if (v === undefined) {
          const sigs = (state.survey.signatures || {}).consent || {};
          delete sigs[point.point.slice(8)];
        } else setSignature(point.point, { consent: v });
        changed();
      }));
    }
    const signedAt = pending || (saved && saved.image ? saved : null);
    if (pending) {
      row.append(el("img", { class: "sig-image", src: blobUrl(pending.blob), alt: point.label }), el("p", { class: "small" }, words.pending));
    } else if (saved && saved.image) {
      row.append(el("img", { class: "sig-image", src: "/api/surveys/" + id + "/files/" + saved.sha256, alt: point.label }),
        el("p", { class: "small signed" }, words.signed + " " + localTime(saved.captured_at)));
    }
    const canvas = el("canvas", { class: "pad", dataset: { point: point.point } });
    const message = el("p", { class: "error", role: "alert" });
    const clear = el("button", { type: "button" }, words.clear);
    const keep = el("button", { type: "button", class: "primary" }, words.save_signature);
    const padBox = el("div", { class: "pad-box" }, [canvas, el("div", { class: "buttons" }, [clear, keep]), message]);
    row.append(padBox);
    if (signedAt) {
      /* signed: the pad closes; a new signature only on purpose */
      padBox.hidden = true;
      const again = el("button", { type: "button", class: "sign-again" }, words.sign_again);
      again.addEventListener("click", () => {
        padBox.hidden = false;
        again.remove();
        sizePad(pad, canvas);
      });
      row.append(again);
    }
    const pad = new window.SignaturePad(canvas, { backgroundColor: "rgb(255,255,255)", penColor: "rgb(0,0,80)" });
    clear.addEventListener("click", () => pad.clear());
    keep.addEventListener("click", () => {
      if (pad.isEmpty()) { message.textContent = words.empty_signature; return; }
      canvas.toBlob((blob) => {
        const entry = { kind: "signature", point: point.point, blob, name: point.point + ".png", captured_at: isoNow() };
        const current = signatureAt(point.point);
        if (point.when === "consent" && current && current.consent) entry.consent = current.consent;
        state.pending = state.pending.filter((p) => !(p.kind === "signature" && p.point === point.point));
        state.pending.push(entry);
        changed();
        renderSignatures();
      }, "image/png");
    });
    return { node: row, pad };
  }

  /* ------------------------------------------------------------ sync */
  let syncing = false;
  let again = false;
  /* Photos and signatures waiting on the phone, oldest first. One the server refuses
     (too large, not an image: 4xx) keeps its message and waits for the installer to
     remove it; it is never sent again. */
  async function uploadPending() {
    for (;;) {
      const p = state.pending.find((q) => !q.error);
      if (!p) return;
      const body = new FormData();
      body.append("file", p.blob, p.name);
      try {
        if (p.kind === "photo") {
          body.append("subject", p.subject);
          const made = await api("POST", "/api/surveys/" + id + "/photos", body, true);
          state.survey.photos = (state.survey.photos || []).concat([{ subject: p.subject, image: made.image, sha256: made.sha256, taken_at: p.taken_at }]);
        } else {
          const made = await api("POST", "/api/surveys/" + id + "/signatures/" + p.point, body, true);
          const entry = { image: made.image, sha256: made.sha256, captured_at: p.captured_at };
          if (p.consent) entry.consent = p.consent;
          setSignature(p.point, entry);
        }
        state.pending = state.pending.filter((q) => q !== p);
        state.dirty = true;
      } catch (e) {
        if (!(e.status >= 400 && e.status < 500) || e.status === 401 || e.status === 403 || e.status === 409 || e.status === 429) throw e;
        p.error = e.message;
      }
      await persist();
    }
  }

  async function sync() {
    if (syncing) { again = true; return; }
    if (state.conflict) return;
    if (!navigator.onLine) { setState("offline"); return; }
    syncing = true;
    setState("saving");
    let rendered = false;
    try {
      const hadPending = state.pending.some((p) => !p.error);
      await uploadPending();
      if (hadPending) { renderPhotos(); renderSignatures(); rendered = true; }
      if (state.dirty) {
        const snapshot = JSON.stringify(state.survey);
        const saved = await leavingOut(state.refused, (survey) => api("PUT", "/api/surveys/" + id, { base_version: state.base_version, survey }));
        showRefused();
        state.base_version = saved.version;
        if (JSON.stringify(state.survey) === snapshot) state.dirty = false;
        await persist();
      }
      setState(state.dirty ? "unsaved" : Object.keys(state.refused).length ? "partly" : "saved");
      if (rendered) runCheck();
    } catch (e) {
      if (e.status === 409) showConflict(e.body);
      else if (e.status === 400) { showRefused(e.body.error); setState("error"); }
      else if (e.status === undefined) setState("offline");
      else setState("error");
    } finally {
      syncing = false;
      if (again) { again = false; clearTimeout(saveTimer); saveTimer = setTimeout(sync, 300); }
    }
  }

  /* ------------------------------------------------------------ conflict */
  function leaves(value, prefix, out) {
    if (value && typeof value === "object") {
      for (const [k, v] of Object.entries(value)) leaves(v, prefix ? prefix + "." + k : k, out);
    } else out[prefix] = value === undefined || value === null ? "" : typeof value === "string" ? value : JSON.stringify(value);
    return out;
  }
  const labels = {};
  for (const section of schema.sections) for (const f of section.fields) labels[f.path] = f.label;
  function labelOf(path) {
    for (let p = path; p; p = p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "") {
      if (labels[p]) return p === path ? labels[p] : labels[p] + " · " + path.slice(p.length + 1);
    }
    return path;
  }
  function showConflict(body) {
    state.conflict = body;
    setState("conflict");
    const box = document.getElementById("conflict");
    document.getElementById("conflict-text").textContent = words.conflict_text;
    document.getElementById("conflict-mine").textContent = words.mine;
    document.getElementById("conflict-theirs").textContent = words.theirs;
    const mine = leaves(outgoing(), "", {});
    const theirs = leaves(body.survey || {}, "", {});
    const rows = document.getElementById("conflict-rows");
    rows.replaceChildren();
    for (const key of [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort()) {
      if (mine[key] === theirs[key]) continue;
      rows.append(el("tr", { dataset: { path: key } }, [el("td", {}, labelOf(key)), el("td", {}, mine[key] || ""), el("td", {}, theirs[key] || "")]));
    }
    document.getElementById("keep-mine").textContent = words.keep_mine;
    document.getElementById("take-saved").textContent = words.take_saved;
    box.hidden = false;
    box.scrollIntoView();
  }
  document.getElementById("keep-mine").addEventListener("click", () => {
    state.base_version = state.conflict.version;
    state.conflict = null;
    state.dirty = true;
    document.getElementById("conflict").hidden = true;
    persist().then(sync);
  });
  document.getElementById("take-saved").addEventListener("click", () => {
    state.base_version = state.conflict.version;
    state.survey = state.conflict.survey;
    state.conflict = null;
    state.dirty = false;
    document.getElementById("conflict").hidden = true;
    persist();
    renderForm();
    setState("saved");
    runCheck();
  });

  /* ------------------------------------------------------------ share */
  document.getElementById("share").addEventListener("click", async () => {
    const out = document.getElementById("share-url");
    try {
      const made = await api("POST", "/api/surveys/" + id + "/share", { lang });
      const url = location.origin + made.url;
      out.textContent = url;
      if (navigator.share) await navigator.share({ url }).catch(() => {});
      else if (navigator.clipboard) await navigator.clipboard.writeText(url).then(() => { out.textContent = url + " — " + words.share_copied; }, () => {});
    } catch (e) { out.textContent = e.message; }
  });

  /* ------------------------------------------------------------ start */
  window.addEventListener("online", () => { setState(state.dirty || state.pending.length ? "unsaved" : "saved"); sync(); runCheck(); });
  window.addEventListener("offline", () => setState("offline"));

  async function start() {
    let local = null;
    try { local = await idb("readonly", (store) => store.get(KEY)); } catch (e) { local = null; }
    let server = null;
    try { server = await api("GET", "/api/surveys/" + id); } catch (e) {
      if (e.status === 401) { location.href = "/login?next=" + encodeURIComponent(location.pathname); return; }
    }
    const held = local && local.refused && Object.keys(local.refused).length;
    if (local && (local.dirty || (local.pending && local.pending.length) || held)) {
      Object.assign(state, { base_version: local.base_version, survey: local.survey, dirty: local.dirty, pending: local.pending || [], refused: local.refused || {} });
    } else if (server) {
      Object.assign(state, { base_version: server.version, survey: server.survey, dirty: false, pending: [] });
      await persist();
    } else if (local) {
      Object.assign(state, { base_version: local.base_version, survey: local.survey, dirty: false, pending: [] });
    }
    renderForm();
    showRefused();
    setState(!navigator.onLine ? "offline" : state.dirty || state.pending.length ? "unsaved" : "saved");
    document.body.dataset.ready = "true";
    runCheck();
    if (state.dirty || state.pending.length) sync();
  }
  start();
})();
