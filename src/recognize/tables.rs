//! Finds the standard tables' values in table grids (or in runs of one-cell lines) by their row
//! labels, whatever the grid's shape: merged or repeated label cells, split tables, one cell per
//! line, numbers of a row on one line.

mod positional;
mod tokens;

pub(super) use tokens::MAX_TOKEN_BYTES;
pub use tokens::{Stream, Streams, Token, stream_of_lines, stream_of_table};

use super::label::fold_into;
pub use super::row_index::LabelIndex;
use super::row_index::Target;
use super::value::{Cleaning, parse, parse_in_unit};
use crate::document::Place;
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{Layout, Standard};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::borrow::Cow;

/// Longest group label looked for in the words before a row label printed with them (folded bytes).
const MAX_GROUP_BYTES: usize = 120;

/// Reads streams into a report's tables, noting what it had to guess.
pub struct TableReader<'s> {
    pub(super) std: &'s Standard,
    pub(super) index: Cow<'static, LabelIndex>,
    /// Where each cell's value came from.
    pub origins: HashMap<CellRef, Place>,
    /// What was noticed.
    pub findings: Vec<Finding>,
    pub(super) assigned: HashSet<Target>,
    /// Rows taken but left blank: their values could not be placed (no sum holds over them).
    pub(super) unknown: HashSet<Target>,
    /// Rows printed with fewer values than columns, decided once every row is read.
    pub(super) deferred: Vec<super::readings::Deferred>,
    /// Stream tokens that took part in a standard table (to tell standard tables from others).
    pub used: usize,
    /// Every label the standard prints around its values, folded (a cell holding one is never
    /// read as a value).
    labels: Cow<'static, HashSet<String>>,
    /// Where the whole rows of text lines printed their values (see `aligned`).
    pub(super) columns: Vec<super::aligned::Columns>,
}

/// Longest text (bytes) read as a cell's value when it is not a number ("不适用", "暂无数据"):
/// a short word, never a sentence.
const MAX_TEXT_VALUE_BYTES: usize = 60;

impl<'s> TableReader<'s> {
    /// A reader for one standard.
    pub fn new(std: &'s Standard) -> Self {
        TableReader {
            std,
            index: LabelIndex::of(std),
            origins: HashMap::new(),
            findings: Vec::new(),
            assigned: HashSet::new(),
            unknown: HashSet::new(),
            deferred: Vec::new(),
            used: 0,
            labels: super::detect::label_set_cached(std),
            columns: Vec::new(),
        }
    }

    /// Whether a token that does not read as a number is still a cell's value when it stands
    /// among a row's values ("不适用" between two numbers): short, no sentence, no label.
    fn is_text_value(&self, tok: &Token, folded: &mut String) -> bool {
        let text = tok.text.trim();
        if text.is_empty() || text.len() > MAX_TEXT_VALUE_BYTES || text.contains(['。', '；', ';'])
        {
            return false;
        }
        fold_into(text, folded);
        !self.labels.contains(folded.as_str()) && self.index.find_folded(folded).is_none()
    }

    /// The standard being read.
    pub fn standard(&self) -> &'s Standard {
        self.std
    }

    /// Reads one stream. Returns the number of standard rows found in it.
    pub fn read(&mut self, stream: &Stream, report: &mut Report) -> usize {
        let before = self.used;

        let mut header: Option<(usize, usize, usize)> = None; // (table, row, token) of a single-row header
        let mut folded = String::new();
        // Text lines (no grid): which rows a row label took, its labels printed without values,
        // and the row each row's values ended in — for the values left over (see `orphans`).
        let mut lines = super::orphans::Lines::new(stream.len());
        let mut r = 0;
        while r < stream.len() {
            let row = &stream[r];
            let mut k = 0;
            let mut skip_rows = 0;
            while k < row.len() {
                let tok = &row[k];
                if tok.value {
                    k += 1;
                    continue;
                }
                if tok.text.len() > MAX_TOKEN_BYTES {
                    folded.clear();
                } else {
                    fold_into(&tok.text, &mut folded);
                }
                let mut found = self.index.find_folded(&folded);
                let mut head = self.index.headers.get(&folded).copied();
                if found.is_none() && head.is_none() && tok.text.len() <= MAX_TOKEN_BYTES {
                    // Labels of several cells in one (a row printed on one line).
                    let mut part = String::new();
                    if row.get(k + 1).is_some_and(|t| t.value) {
                        found = self.row_label_at_end(&tok.text, &mut part);
                    }
                    // A header line of table 四 read as one text: its first header word,
                    // after a corner word of the report's own ("项目 行政复议 行政诉讼").
                    if found.is_none() {
                        head = tok.text.split_whitespace().take(3).find_map(|w| {
                            fold_into(w, &mut part);
                            self.index.headers.get(&part).copied()
                        });
                    }
                }
                let single = found
                    .map(|(t, _)| self.std.tables[t.table].layout == Layout::SingleRow)
                    .unwrap_or(false)
                    || head.is_some();
                let mut values: Vec<&Token> = row[k + 1..].iter().take_while(|t| t.value).collect();
                if single {
                    if let Some((target, _)) = found
                        && values.len() >= 4
                    {
                        if tok.counted && values.iter().all(|v| v.counted) {
                            self.assign(target, &tok.place, &values, report);
                        } else {
                            lines.consumed[r] = true;
                            self.place_uncounted(target, &tok.place, &values, report);
                        }
                        k += 1 + values.len();
                        continue;
                    }
                    if header.is_none()
                        && let Some(ti) = head
                    {
                        header = Some((ti, r, k));
                    }
                    k += 1;
                    continue;
                }
                let Some((target, fuzzy)) = found else {
                    k += 1;
                    continue;
                };
                let want = self.width(target);
                // A word among the row's values ("不适用", "暂无数据") is a value kept as printed:
                // stopping there lost it and every value after it.
                // Not in text lines (no grid): there a word is as likely a label's fragment.
                let grid = tok.counted;
                if grid && (!values.is_empty() || row[k + 1..].iter().any(|t| t.value)) {
                    let mut j = k + 1 + values.len();
                    while values.len() < want
                        && let Some(t) = row.get(j)
                        && (t.value || self.is_text_value(t, &mut folded))
                    {
                        values.push(t);
                        j += 1;
                    }
                }
                let consumed_in_row = values.len();
                if k + 1 + values.len() == row.len() && values.len() < want {
                    // One cell per line: the values follow in the next rows. A label wrapped
                    // over two lines leaves its second half first; step over (at most two) such
                    // fragments, but never over another row's label.
                    let mut fragments = 0;
                    for next in &stream[r + 1..] {
                        if values.len() >= want || next.is_empty() {
                            break;
                        }
                        let word = grid
                            && !values.is_empty()
                            && next.len() == 1
                            && self.is_text_value(&next[0], &mut folded);
                        if !word && !next.iter().all(|t| t.value) {
                            let fragment = values.is_empty()
                                && fragments < 2
                                && next.len() == 1
                                && self.index.find(&next[0].text).is_none();
                            if !fragment {
                                break;
                            }
                            fragments += 1;
                            skip_rows += 1;
                            continue;
                        }
                        values.extend(next.iter());
                        skip_rows += 1;
                    }
                }
                if tok.counted && values.iter().all(|v| v.counted) {
                    self.assign(target, &tok.place, &values, report);
                } else if values.is_empty()
                    || (consumed_in_row == 0
                        && stream
                            .get(r + skip_rows + 1)
                            .is_some_and(|n| !n.is_empty() && n.iter().all(|t| t.value)))
                {
                    // The run goes on past the row: whose values these are is decided with
                    // the run's whole length (see `orphans`).
                    // A label printed without values (text from a PDF: its values are on a line
                    // of their own, or after other rows): decided once the stream is read.
                    lines.lone.push((r, target));
                    skip_rows = 0;
                    k += 1;
                    continue;
                } else {
                    lines.taken(r, r + skip_rows);
                    self.place_uncounted(target, &tok.place, &values, report);
                }
                if fuzzy {
                    self.note_fuzzy(target, &tok.text, &tok.place);
                }
                k += 1 + consumed_in_row;
                // Text in a column of the report's own (备注) after the row's values: noted, as
                // it is not read into the standard table.
                if values.len() >= want {
                    let mut extra = Vec::new();
                    while let Some(t) = row.get(k)
                        && (t.value || self.is_text_value(t, &mut folded))
                    {
                        extra.push(t);
                        k += 1;
                    }
                    if let Some(first) = extra.first() {
                        self.extra_values(target.table, &extra, &first.place);
                    }
                }
            }
            r += 1 + skip_rows;
        }
        if let Some((ti, hr, hk)) = header {
            self.read_single_row(ti, stream, hr, hk, &mut lines, report);
        }
        self.resolve_orphans(stream, &mut lines, report);
        self.used - before
    }

    /// The row label ending a cell that holds more than one label: a row printed on one line
    /// with its group labels first ("三、本年度办理结果 （一）予以公开 25 26 …", text from a PDF
    /// or a web page). The longest run of words at the end that labels a row.
    fn row_label_at_end(&self, text: &str, folded: &mut String) -> Option<(Target, bool)> {
        let text = text.trim();
        if text.len() > MAX_TOKEN_BYTES {
            return None;
        }
        let starts: Vec<usize> = text
            .char_indices()
            .filter(|&(i, c)| {
                !c.is_whitespace() && text[..i].ends_with(|p: char| p.is_whitespace())
            })
            .map(|(i, _)| i)
            .collect();
        // The words before the label must be the row's group labels, each of the label's own
        // table ("三、本年度办理结果 （一）予以公开"): then the label is the rest. Any other word
        // before it ("网站 行政许可", a row of a table of the report's own) and there is none.
        let mut groups: Vec<&Vec<usize>> = Vec::new();
        let mut pending = String::new();
        let mut word = String::new();
        let mut from = 0;
        for start in starts {
            fold_into(&text[from..start], &mut word);
            pending.push_str(&word);
            from = start;
            match self.index.groups.get(&pending) {
                Some(tables) => {
                    groups.push(tables);
                    pending.clear();
                }
                // A group label printed in several words: wait for the next one, but not long.
                None if pending.len() <= MAX_GROUP_BYTES => continue,
                None => return None,
            }
            fold_into(&text[start..], folded);
            if let Some(found) = self.index.find_folded(folded) {
                let table = found.0.table;
                return groups
                    .iter()
                    .all(|tables| tables.contains(&table))
                    .then_some(found);
            }
        }
        None
    }

    pub(super) fn width(&self, t: Target) -> usize {
        let table = &self.std.tables[t.table];
        table.columns_of(&table.rows[t.row]).len()
    }

    /// Table 四: all rows' values printed in one data row under a multi-row header.
    fn read_single_row(
        &mut self,
        ti: usize,
        stream: &Stream,
        hr: usize,
        hk: usize,
        lines: &mut super::orphans::Lines,
        report: &mut Report,
    ) {
        let table = &self.std.tables[ti];
        let targets: Vec<Target> = (0..table.rows.len())
            .map(|row| Target { table: ti, row })
            .filter(|t| !self.assigned.contains(t))
            .collect();
        if targets.is_empty() {
            return;
        }
        let want: usize = targets.iter().map(|t| self.width(*t)).sum();
        let mut runs: Vec<Vec<&Token>> = vec![Vec::new()];
        let mut run_rows: Vec<Vec<usize>> = vec![Vec::new()];
        // Per run: whether it holds values of a row with a label.
        let mut labelled_runs = vec![false];
        let mut folded = String::new();
        let mut part = String::new();
        for (r, row) in stream.iter().enumerate().skip(hr) {
            // In a row of numbers, a word ("未统计") is a value too: it kept its column there
            // and shifted every value after it when it broke the run.
            let numbers = row.iter().any(|t| t.value && !parse(&t.text).0.is_blank());
            let from = if r == hr { hk + 1 } else { 0 };
            let cells = row.get(from..).unwrap_or_default();
            // A word among the numbers, but not a row label printed after its groups
            // ("（三）不予公开 1.属于国家秘密", a row of table 三 among table 四's lines).
            let is_value: Vec<bool> = (cells.iter())
                .map(|tok| {
                    tok.value
                        || (numbers
                            && self.is_text_value(tok, &mut folded)
                            && self.row_label_at_end(&tok.text, &mut part).is_none())
                })
                .collect();
            let labelled = is_value.contains(&false);
            for (tok, value) in cells.iter().zip(is_value) {
                if value {
                    if let Some(run) = runs.last_mut() {
                        run.push(tok);
                    }
                    if let Some(rows) = run_rows.last_mut() {
                        rows.push(r);
                    }
                    if let Some(l) = labelled_runs.last_mut() {
                        *l |= labelled;
                    }
                } else if runs.last().is_some_and(|run| !run.is_empty()) {
                    runs.push(Vec::new());
                    run_rows.push(Vec::new());
                    labelled_runs.push(false);
                }
            }
            // The values of a row with a label are that row's: the next row's never join them
            // (a row of another table moved among table 四's lines lent it its numbers).
            if labelled && runs.last().is_some_and(|run| !run.is_empty()) {
                runs.push(Vec::new());
                run_rows.push(Vec::new());
                labelled_runs.push(false);
            }
        }
        let header = stream.get(hr).and_then(|row| row.get(hk));
        let header_place = header.map(|t| t.place.clone()).unwrap_or_default();
        // Fewer values than columns: the longest run of a row of values alone (a sheet stores no
        // empty cells after a row's last value), never the values of a row with a label (a row
        // of table 二 printed under table 四's header gave it 4, 5, 6).
        let chosen = (runs.iter().enumerate().rev())
            .find(|(_, run)| run.len() >= want)
            .or_else(|| {
                (runs.iter().enumerate().zip(&labelled_runs))
                    .filter(|((_, run), labelled)| !**labelled && !run.is_empty())
                    .map(|(indexed, _)| indexed)
                    .max_by_key(|(_, run)| run.len())
            });
        let Some((chosen, run)) = chosen else {
            self.short_run(ti, &runs, want, header);
            return;
        };
        let mut run: &[&Token] = run;
        // Blank cells, or a word labelling the data row (件数), before the values.
        while run.len() > want
            && run
                .first()
                .is_some_and(|t| !t.value || parse(&t.text).0.is_blank())
        {
            run = &run[1..];
        }
        // Blank lines after the values (one cell per line) are no cells of the table.
        while run.len() > want && run.last().is_some_and(|t| parse(&t.text).0.is_blank()) {
            run = &run[..run.len() - 1];
        }
        if run.iter().all(|t| t.text.trim().is_empty()) && run.len() < want {
            self.short_run(ti, &runs, want, header);
            return;
        }
        for &row in &run_rows[chosen] {
            lines.consumed[row] = true;
        }
        if run.len() > want
            && let Some(joined) = super::wrapped::join(run, want)
        {
            self.note_wrapped(ti, run, &header_place);
            let joined: Vec<&Token> = joined.iter().collect();
            self.place_run(&targets, &joined, &header_place, report);
            return;
        }
        if run.len() != want && run.iter().any(|t| !t.counted) {
            // Words of text lines, not cells of a grid: which value is missing (or extra) is
            // not known, and every value after it would land one column off.
            self.refuse_run(ti, run.len(), want, &header_place);
            return;
        }
        self.place_run(&targets, run, &header_place, report);
        if run.len() > want {
            self.extra_values(ti, &run[want..], &header_place);
        }
    }

    /// Puts a run of values into `targets`' cells in order, each row taking its width.
    fn place_run(
        &mut self,
        targets: &[Target],
        run: &[&Token],
        place: &Place,
        report: &mut Report,
    ) {
        let mut offset = 0;
        for &t in targets {
            let w = self.width(t);
            let end = (offset + w).min(run.len());
            let start = offset.min(end);
            self.assign(t, place, &run[start..end], report);
            offset += w;
        }
    }

    /// Notes that the numbers of table `ti`'s data row were printed broken over lines and
    /// joined back.
    fn note_wrapped(&mut self, ti: usize, run: &[&Token], place: &Place) {
        let table = &self.std.tables[ti];
        let section = (self.std.section_of_table(&table.id))
            .map(|s| s.printed())
            .unwrap_or_default();
        let lines: Vec<String> = (run.iter())
            .filter_map(|t| match t.place {
                Place::Line { line } => Some(line.to_string()),
                _ => None,
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        self.findings.push(
            Finding::new(
                "import.wrapped_values",
                Severity::Info,
                format!(
                    "{section}：数据行的数值在窄格中折行印出（第 {} 行），已按所在列接合（如“18”与下一行的“6”为 186）",
                    lines.join("、")
                ),
            )
            .at(place.clone()),
        );
    }

    fn note_fuzzy(&mut self, t: Target, printed: &str, place: &Place) {
        let table = &self.std.tables[t.table];
        let row = &table.rows[t.row];
        self.findings.push(
            Finding::new(
                "import.label_typo",
                Severity::Info,
                format!("行标签“{}”按“{}”识别", printed.trim(), row.label),
            )
            .at(place.clone()),
        );
    }

    fn extra_values(&mut self, ti: usize, extra: &[&Token], place: &Place) {
        let texts: Vec<&str> = extra
            .iter()
            .map(|t| t.text.trim())
            .filter(|t| !t.is_empty())
            .collect();
        if texts.is_empty() {
            return;
        }
        let table = &self.std.tables[ti];
        let section = self
            .std
            .section_of_table(&table.id)
            .map(|s| s.printed())
            .unwrap_or_default();
        self.findings.push(
            Finding::new(
                "import.extra_values",
                Severity::Warning,
                format!(
                    "{section}：多出的{}未读入：{}",
                    if extra.iter().all(|t| t.value) {
                        "数值"
                    } else {
                        "内容"
                    },
                    texts.join("、")
                ),
            )
            .at(place.clone()),
        );
    }

    pub(super) fn assign(
        &mut self,
        t: Target,
        label_place: &Place,
        values: &[&Token],
        report: &mut Report,
    ) {
        let table = &self.std.tables[t.table];
        let row = &table.rows[t.row];
        let width = table.columns_of(row).len();
        let mut values = values;
        while values.len() > width && values.first().is_some_and(|v| parse(&v.text).0.is_blank()) {
            values = &values[1..];
        }
        if values.len() > width && self.assigned.contains(&t) {
            // Noted as a duplicate row below; its extra values are not worth a note of their own.
        } else if values.len() > width {
            let extra = values[width..].to_vec();
            self.extra_values(t.table, &extra, label_place);
        }
        if values.len() == width {
            // A whole row printed on one text line: where its columns stand (see `aligned`).
            self.note_columns(t, values);
        }
        let slots: Vec<Option<&Token>> = (0..width).map(|i| values.get(i).copied()).collect();
        self.assign_slots(t, label_place, &slots, report);
    }

    /// Puts each slot's value into its column of row `t` (a slot without a token is a cell the
    /// source lacks: blank, with a note).
    pub(super) fn assign_slots(
        &mut self,
        t: Target,
        label_place: &Place,
        slots: &[Option<&Token>],
        report: &mut Report,
    ) {
        let std = self.std;
        let table = &std.tables[t.table];
        let row = &table.rows[t.row];
        if !self.assigned.insert(t) {
            self.findings.push(
                Finding::new(
                    "import.duplicate_row",
                    Severity::Warning,
                    format!("行“{}”出现了不止一次，只读入第一次出现的数值", row.label),
                )
                .at(label_place.clone()),
            );
            return;
        }
        let cols = table.columns_of(row);
        for (i, col) in cols.iter().enumerate() {
            let cell = CellRef::new(&table.id, &row.id, &col.id);
            let labels = || std.cell_labels(&table.id, &row.id, &col.id);
            match slots.get(i).copied().flatten() {
                Some(tok) => {
                    self.used += 1;
                    let (value, cleaning) = parse_in_unit(&tok.text, &col.unit);
                    self.origins.insert(cell.clone(), tok.place.clone());
                    if let Some(c) = cleaning {
                        self.findings.push(cleaning_finding(
                            c,
                            &tok.text,
                            &value,
                            cell.clone(),
                            labels(),
                            &tok.place,
                        ));
                    }
                    report.set(&table.id, &row.id, &col.id, value);
                }
                None => {
                    self.origins.insert(cell.clone(), label_place.clone());
                    // A sheet stores no empty cell: there the cell is one left empty, not one
                    // the table lacks.
                    let (severity, message) = match label_place {
                        Place::SheetCell { .. } => {
                            (Severity::Info, "工作表中这一格为空，按空白处理")
                        }
                        _ => (Severity::Warning, "源文件中缺少这一格，按空白处理"),
                    };
                    self.findings.push(
                        Finding::new("import.missing_cell", severity, message)
                            .at_cell(cell, labels())
                            .at(label_place.clone()),
                    );
                }
            }
        }
    }

    /// Reports the standard rows that no stream held.
    pub fn finish(&mut self) {
        let std = self.std;
        for (ti, table) in std.tables.iter().enumerate() {
            let missing: Vec<&str> = table
                .rows
                .iter()
                .enumerate()
                .filter(|(ri, _)| {
                    !self.assigned.contains(&Target {
                        table: ti,
                        row: *ri,
                    })
                })
                .map(|(_, r)| r.label.as_str())
                .collect();
            let section = std
                .section_of_table(&table.id)
                .map(|s| s.printed())
                .unwrap_or_default();
            if missing.len() == table.rows.len() {
                self.findings.push(Finding::new(
                    "import.missing_table",
                    Severity::Error,
                    format!("没有找到表格“{section}”，其数值全部按空白处理"),
                ));
            } else if !missing.is_empty() {
                self.findings.push(Finding::new(
                    "import.missing_row",
                    Severity::Warning,
                    format!("表格“{section}”中没有找到这些行：{}", missing.join("；")),
                ));
            }
        }
    }
}

fn cleaning_finding(
    c: Cleaning,
    raw: &str,
    value: &Value,
    cell: CellRef,
    labels: String,
    place: &Place,
) -> Finding {
    let raw = raw.trim();
    let (rule, severity, message) = match c {
        Cleaning::Unit(unit) => (
            "import.unit_stripped",
            Severity::Info,
            format!("“{raw}”中的单位“{unit}”已去掉，读作 {}", value.display()),
        ),
        Cleaning::Separators => (
            "import.separators",
            Severity::Info,
            format!("“{raw}”中的千分位分隔符已去掉，读作 {}", value.display()),
        ),
        Cleaning::FullWidth => (
            "import.full_width",
            Severity::Info,
            format!("全角数字“{raw}”读作 {}", value.display()),
        ),
        Cleaning::Converted { from, to } => (
            "import.unit_converted",
            Severity::Info,
            format!(
                "“{raw}”的单位“{from}”与本列的“{to}”不同，按{to}换算为 {}",
                value.display()
            ),
        ),
        Cleaning::Note(note) => (
            "import.value_note",
            Severity::Info,
            format!(
                "“{raw}”读作 {}；括号中的说明“{note}”不是数值，没有读入表格（原文照录于此）",
                value.display()
            ),
        ),
        Cleaning::Unreadable => (
            "import.unreadable_value",
            Severity::Warning,
            format!("“{raw}”不是数字，按原文保留"),
        ),
    };
    Finding::new(rule, severity, message)
        .at_cell(cell, labels)
        .at(place.clone())
}
