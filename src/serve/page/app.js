// gongkai serve: the page. Talks only to the JSON API under /api/ of its own server; every
// label of the standard comes from /api/standard, every message from the server.
"use strict";

const SEVERITY = { error: "错误", warning: "警告", info: "提示" };
const state = {
  standard: null, // GET /api/standard
  current: null, // {file, report, findings, places, origins}
  imported: [], // import notes of the file read (kept through re-checks of edits)
  file: null, // the File the current report came from
  edited: false,
  previous: null, // last year's report
  previousFile: null,
  batch: null, // {files, reports}
};

const $ = (id) => document.getElementById(id);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

function status(text, isError) {
  const s = $("status");
  s.textContent = text || "";
  s.classList.toggle("error", !!isError);
}

async function api(path, options) {
  const res = await fetch(path, Object.assign({ credentials: "same-origin" }, options || {}));
  if (!res.ok) {
    let message = "请求失败（" + res.status + "）";
    try {
      const body = await res.json();
      if (body && body.error) message = body.error;
    } catch (_) { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

async function apiJson(path, options) {
  return (await api(path, options)).json();
}

function jsonPost(body) {
  return { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) };
}

// ---------- reading files ----------

async function checkFile(file, previousFile) {
  const form = new FormData();
  form.append("file", file, file.name);
  if (previousFile) form.append("previous", previousFile, previousFile.name);
  return apiJson("/api/check", { method: "POST", body: form });
}

async function openFiles(files) {
  if (!files.length) return;
  try {
    if (files.length === 1) {
      status("正在读取 " + files[0].name + " …");
      const result = await checkFile(files[0], state.previousFile);
      $("batch").hidden = true;
      state.batch = null;
      show(result, files[0]);
      status("已读取 " + files[0].name);
    } else {
      status("正在读取 " + files.length + " 个文件 …");
      const form = new FormData();
      for (const f of files) form.append("file", f, f.name);
      const listed = await apiJson("/api/collect?to=json", { method: "POST", body: form });
      state.batch = { files: files, reports: listed.reports };
      showBatch();
      status("已读取 " + files.length + " 个文件；点击一行查看该报告");
    }
  } catch (e) {
    status(e.message, true);
  }
}

async function setPrevious(file) {
  state.previousFile = file;
  $("previous-name").textContent = file ? file.name : "";
  if (!file) return;
  try {
    status("正在读取上年报告 " + file.name + " …");
    const last = await checkFile(file, null);
    state.previous = last.report;
    if (state.current) await recheck();
    status("上年报告：" + file.name);
  } catch (e) {
    state.previous = null;
    status(e.message, true);
  }
}

// Re-checks the current report: the file again when it was not edited (so the import notes and
// source places stay exact), else the edited report as JSON with the import notes kept.
async function recheck() {
  if (!state.current) return;
  if (!state.edited && state.file) {
    const result = await checkFile(state.file, state.previousFile);
    show(result, state.file);
    return;
  }
  const body = { report: state.current.report };
  if (state.previous) body.previous = state.previous;
  const result = await apiJson("/api/check", jsonPost(body));
  const findings = state.imported.concat(result.findings);
  const places = state.imported.map((f) => f._place || "").concat(result.places);
  state.current.findings = findings;
  state.current.places = places;
  state.current.report = result.report;
  render();
}

function show(result, file) {
  state.current = result;
  state.file = file || null;
  state.edited = false;
  state.imported = result.findings
    .map((f, i) => Object.assign({ _place: result.places[i] }, f))
    .filter((f) => f.rule.startsWith("import."));
  render();
}

// ---------- the report ----------

function cellKey(t, r, c) {
  return "tables." + t + "." + r + "." + c;
}

function findingsByCell() {
  const map = new Map();
  state.current.findings.forEach((f, i) => {
    if (!f.cell) return;
    const key = cellKey(f.cell.table, f.cell.row, f.cell.col);
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(i);
  });
  return map;
}

const RANK = { info: 0, warning: 1, error: 2 };

function worst(indexes) {
  let best = null;
  for (const i of indexes) {
    const s = state.current.findings[i].severity;
    if (best === null || RANK[s] > RANK[best]) best = s;
  }
  return best;
}

function render() {
  const cur = state.current;
  $("report").hidden = false;
  $("organ").value = cur.report.meta.organ || "";
  $("year").value = cur.report.meta.year == null ? "" : cur.report.meta.year;
  $("format").textContent = cur.report.format;
  $("source").textContent = cur.file || "";
  const body = $("body");
  body.replaceChildren();
  const byCell = findingsByCell();
  const known = new Set();
  for (const sec of state.standard.sections) {
    known.add(sec.id);
    body.appendChild(el("h3", null, sec.heading));
    const own = cur.report.sections.find((s) => s.id === sec.id);
    if (own) body.appendChild(prose(own));
    if (sec.table) {
      const def = state.standard.tables.find((t) => t.id === sec.table);
      if (def) body.appendChild(table(def, byCell));
    }
  }
  for (const own of cur.report.sections) {
    if (own.id && known.has(own.id)) continue;
    body.appendChild(el("h3", null, own.heading || "（未识别的部分）"));
    body.appendChild(prose(own));
  }
  renderFindings();
}

function prose(section) {
  const box = el("div", "prose-box");
  const quoted = state.current.findings
    .map((f, i) => [f, i])
    .filter(([f]) => f.text);
  for (const p of section.paragraphs || []) {
    const para = el("p", "prose");
    let rest = p;
    const marks = quoted.filter(([f]) => p.includes(f.text));
    if (!marks.length) {
      para.textContent = p;
    } else {
      // Mark each quoted sentence where it first appears.
      let pos = 0;
      const spans = marks
        .map(([f, i]) => ({ at: p.indexOf(f.text), len: f.text.length, f: f, i: i }))
        .sort((a, b) => a.at - b.at);
      for (const s of spans) {
        if (s.at < pos) continue;
        para.appendChild(document.createTextNode(p.slice(pos, s.at)));
        const m = el("mark", "sev-" + s.f.severity, p.slice(s.at, s.at + s.len));
        m.title = s.f.message;
        m.dataset.finding = s.i;
        m.addEventListener("click", () => detail(s.i));
        para.appendChild(m);
        pos = s.at + s.len;
      }
      rest = p.slice(pos);
      para.appendChild(document.createTextNode(rest));
    }
    box.appendChild(para);
  }
  return box;
}

function displayValue(v) {
  if (v === null || v === undefined) return "";
  return String(v);
}

function table(def, byCell) {
  const t = el("table", "std");
  t.dataset.table = def.id;
  const rows = [];
  for (let r = 0; r < def.height; r++) rows.push(el("tr"));
  const cells = def.cells.slice().sort((a, b) => a.r0 - b.r0 || a.c0 - b.c0);
  const values = state.current.report.tables[def.id] || {};
  for (const c of cells) {
    let td;
    if (c.kind === "value") {
      td = el("td", "value");
      const key = cellKey(def.id, c.row, c.col);
      td.dataset.cell = key;
      const v = (values[c.row] || {})[c.col];
      const input = el("input");
      input.value = displayValue(v);
      input.placeholder = "空白";
      input.setAttribute("aria-label", key);
      if (v === null || v === undefined) td.classList.add("blank");
      else if (typeof v === "string") td.classList.add("text");
      input.addEventListener("change", () => edit(def.id, c.row, c.col, input.value));
      td.appendChild(input);
      const list = byCell.get(key);
      if (list) {
        td.classList.add("sev-" + worst(list));
        td.title = list.map((i) => state.current.findings[i].message).join("\n");
        td.dataset.findings = list.join(",");
        td.addEventListener("click", () => detail(list[0]));
      }
    } else {
      td = el("th", c.kind, c.text || "");
    }
    if (c.r1 > c.r0) td.rowSpan = c.r1 - c.r0 + 1;
    if (c.c1 > c.c0) td.colSpan = c.c1 - c.c0 + 1;
    rows[c.r0].appendChild(td);
  }
  for (const tr of rows) t.appendChild(tr);
  return t;
}

function renderFindings() {
  const list = $("findings");
  list.replaceChildren();
  const f = state.current.findings;
  const n = (s) => f.filter((x) => x.severity === s).length;
  $("summary").textContent = "错误 " + n("error") + " · 警告 " + n("warning") + " · 提示 " + n("info") + " · 共 " + f.length + " 条";
  $("summary").dataset.total = f.length;
  $("summary").dataset.errors = n("error");
  f.forEach((x, i) => {
    const li = el("li", "finding sev-" + x.severity);
    li.appendChild(el("span", "badge " + x.severity, SEVERITY[x.severity]));
    li.appendChild(document.createTextNode(x.message));
    li.dataset.index = i;
    li.addEventListener("click", () => jump(i));
    list.appendChild(li);
  });
  $("detail").hidden = true;
}

function place(i) {
  const f = state.current.findings[i];
  const p = state.current.places[i];
  if (p) return p;
  if (f.cell) {
    const o = (state.current.origins || {})[cellKey(f.cell.table, f.cell.row, f.cell.col)];
    if (o) return o;
  }
  return "";
}

function detail(i) {
  const f = state.current.findings[i];
  const box = $("detail");
  box.replaceChildren();
  const dl = el("dl");
  const add = (k, v) => {
    if (v === undefined || v === null || v === "") return;
    dl.appendChild(el("dt", null, k));
    dl.appendChild(el("dd", null, v));
  };
  add(SEVERITY[f.severity], f.message);
  add("单元格", f.labels);
  add("应为", f.expected);
  add("实为", f.found);
  add("原文", f.text);
  add("来源位置", place(i));
  add("规则", f.rule);
  box.appendChild(dl);
  box.hidden = false;
}

function jump(i) {
  const f = state.current.findings[i];
  detail(i);
  let target = null;
  if (f.cell) target = document.querySelector('td[data-cell="' + cellKey(f.cell.table, f.cell.row, f.cell.col) + '"]');
  if (!target) target = document.querySelector('mark[data-finding="' + i + '"]');
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.classList.add("flash");
  setTimeout(() => target.classList.remove("flash"), 1500);
}

// ---------- editing ----------

function parseValue(text) {
  const t = text.trim();
  if (t === "") return null;
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t;
}

async function edit(table, row, col, text) {
  const tables = state.current.report.tables;
  tables[table] = tables[table] || {};
  tables[table][row] = tables[table][row] || {};
  tables[table][row][col] = parseValue(text);
  await editDone();
}

async function editDone() {
  state.edited = true;
  try {
    status("正在重新核对 …");
    await recheck();
    status("已重新核对（原文件不会被修改）");
  } catch (e) {
    status(e.message, true);
  }
}

// ---------- downloads ----------

function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function fileName(res, fallback) {
  const d = res.headers.get("Content-Disposition") || "";
  const m = /filename\*=UTF-8''([^;]+)/.exec(d);
  return m ? decodeURIComponent(m[1]) : fallback;
}

async function download(path, options, fallback) {
  try {
    status("正在生成 " + fallback + " …");
    const res = await api(path, options);
    saveBlob(await res.blob(), fileName(res, fallback));
    status("已下载 " + fileName(res, fallback));
  } catch (e) {
    status(e.message, true);
  }
}

function downloadReport(to) {
  if (!state.current) return;
  download("/api/convert?to=" + to, jsonPost({ report: state.current.report }), "report." + to);
}


// ---------- wiring ----------

function wire() {
  const drop = $("drop");
  // Each input is emptied once read, so that choosing the same file again reads it again.
  $("file").addEventListener("change", (e) => {
    const files = Array.from(e.target.files);
    e.target.value = "";
    openFiles(files);
  });
  $("previous").addEventListener("change", (e) => {
    const file = e.target.files[0] || null;
    e.target.value = "";
    setPrevious(file);
  });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  $("folder").addEventListener("change", (e) => {
    const files = Array.from(e.target.files).filter(ownFile);
    e.target.value = "";
    openFiles(files);
  });
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const entries = Array.from(e.dataTransfer.items || [])
      .map((item) => (item.webkitGetAsEntry ? item.webkitGetAsEntry() : null))
      .filter((x) => x);
    if (entries.some((x) => x.isDirectory)) {
      const files = [];
      for (const entry of entries) await walk(entry, files);
      openFiles(files.filter(ownFile));
    } else {
      openFiles(Array.from(e.dataTransfer.files));
    }
  });
  $("organ").addEventListener("change", () => {
    if (!state.current) return;
    state.current.report.meta.organ = $("organ").value.trim() || null;
    editDone();
  });
  $("year").addEventListener("change", () => {
    if (!state.current) return;
    const y = parseInt($("year").value, 10);
    state.current.report.meta.year = isNaN(y) ? null : y;
    editDone();
  });
  $("download-docx").addEventListener("click", () => downloadReport("docx"));
  $("download-xlsx").addEventListener("click", () => downloadReport("xlsx"));
  $("download-json").addEventListener("click", () => downloadReport("json"));
  $("download-template").addEventListener("click", () => download("/api/template", { method: "GET" }, "gongkai-template.xlsx"));
  $("collect-xlsx").addEventListener("click", () => download("/api/collect?to=xlsx", { method: "POST", body: collectForm() }, "gongkai-collect.xlsx"));
  $("collect-csv").addEventListener("click", () => download("/api/collect?to=csv", { method: "POST", body: collectForm() }, "gongkai-collect.csv"));
  $("merge-docx").addEventListener("click", mergeReports);
}

async function start() {
  wire();
  try {
    state.standard = await apiJson("/api/standard");
    document.body.dataset.ready = "1";
  } catch (e) {
    status(e.message, true);
  }
}

start();
