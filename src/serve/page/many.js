// gongkai serve: the page's many-report part — the table of reports, the merged report, folders
// walked for their files. Loaded before app.js, whose state and helpers it uses when called.
"use strict";


function showBatch() {
  $("batch").hidden = false;
  $("report").hidden = true;
  const body = $("batch-table").tBodies[0];
  body.replaceChildren();
  state.batch.reports.forEach((r, i) => {
    const tr = el("tr", r.error ? "unreadable" : r.duplicate ? "duplicate" : "");
    tr.appendChild(el("td", null, r.file));
    tr.appendChild(el("td", null, r.organ || ""));
    tr.appendChild(el("td", null, r.year == null ? "" : r.year));
    tr.appendChild(el("td", null, r.error ? "" : r.errors));
    tr.appendChild(el("td", null, r.error ? "" : r.warnings));
    tr.appendChild(el("td", null, r.error ? "无法读取：" + r.error : r.duplicate ? "重复：" + r.duplicate : ""));
    if (!r.error) tr.addEventListener("click", () => {
      show(r, state.batch.files[i]);
      $("report").scrollIntoView();
    });
    body.appendChild(tr);
  });
}

function mergeReports() {
  const reports = state.batch.reports.filter((r) => !r.error && !r.duplicate).map((r) => r.report);
  const year = parseInt($("merge-year").value, 10);
  const organ = $("merge-organ").value.trim();
  if (!organ || isNaN(year)) {
    status("请填写合并后报告的机关和年度", true);
    return;
  }
  download("/api/merge?to=docx", jsonPost({ reports: reports, organ: organ, year: year }), "merged.docx");
}

// ---------- folders ----------

// Files of a folder that are no one's document: hidden files and Word's lock files (~$名.docx).
function ownFile(file) {
  return !file.name.startsWith(".") && !file.name.startsWith("~$");
}

// Every file under a dropped folder, depth first.
async function walk(entry, out) {
  if (entry.isFile) {
    out.push(await new Promise((ok, fail) => entry.file(ok, fail)));
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) return;
    for (const child of batch) await walk(child, out);
  }
}

function collectForm() {
  const form = new FormData();
  for (const f of state.batch.files) form.append("file", f, f.name);
  return form;
}
