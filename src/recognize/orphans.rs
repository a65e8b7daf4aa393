//! The no-guess rule for values read from lines of text (text taken out of a PDF, a page copied
//! from a viewer): a value goes into a cell only when its row and column are established. A run
//! of numbers shorter or longer than its row is placed only when the standard's sum rules leave
//! exactly one reading; values left over after the rows are read find their row only by a label
//! printed on the lines around them, or by the standard's order when the rows' labels were
//! printed elsewhere without values. Everything else stays blank, with a note saying where.

use super::label::fold;
use super::row_index::Target;
use super::tables::{Stream, TableReader, Token};
use crate::document::Place;
use crate::finding::{Finding, Severity};
use crate::model::Report;

/// What the first pass over a stream of text lines learnt about its rows.
pub(super) struct Lines {
    /// Rows whose tokens a row took (its label, label fragments, values).
    pub consumed: Vec<bool>,
    /// Row labels printed without values: (stream row, target).
    pub lone: Vec<(usize, Target)>,
}

impl Lines {
    /// Nothing learnt yet about a stream of `len` rows.
    pub fn new(len: usize) -> Self {
        Lines {
            consumed: vec![false; len],
            lone: Vec::new(),
        }
    }

    /// Rows `from..=to` were taken by a row of the standard.
    pub fn taken(&mut self, from: usize, to: usize) {
        for c in self.consumed.iter_mut().take(to + 1).skip(from) {
            *c = true;
        }
    }
}

/// The most lines above or below a run of values that its label may be printed over.
const MAX_LABEL_LINES: usize = 32;

/// Lines near a run of values whose every choice is tried (the rest only as a contiguous block).
const FREE_CHOICE_LINES: usize = 4;

/// The texts of `values` as printed, apart by spaces (for a note).
fn joined(values: &[&Token]) -> String {
    let texts: Vec<&str> = values.iter().map(|v| v.text.trim()).collect();
    texts.join(" ")
}

impl TableReader<'_> {
    /// Notes, as a warning at `place`, values that were not read.
    pub(super) fn warn(&mut self, rule: &str, message: String, place: Place) {
        self.findings
            .push(Finding::new(rule, Severity::Warning, message).at(place));
    }

    /// Places the values of row `t` read from text lines (no grid): as they are when there is
    /// one per column; otherwise only by the one reading the sum rules allow, or not at all.
    pub(super) fn place_uncounted(
        &mut self,
        t: Target,
        label_place: &Place,
        values: &[&Token],
        report: &mut Report,
    ) {
        let width = self.width(t);
        if values.len() == width {
            self.assign(t, label_place, values, report);
            return;
        }
        if values.len() < width {
            // Which column is missing is decided once every row is read (see `readings`).
            self.defer(t, label_place, values);
            return;
        }
        let label = self.std.tables[t.table].rows[t.row].label.clone();
        self.assigned.insert(t);
        self.unknown.insert(t);
        self.warn(
            "import.ambiguous_row",
            format!(
                "行“{label}”印有 {} 个数值（{}），多于应有的 {width} 列：无法确定各数值所在的列，本行按空白处理",
                values.len(),
                joined(values)
            ),
            label_place.clone(),
        );
    }

    /// Table 四's data row read from text lines with more or fewer values than its cells.
    pub(super) fn refuse_run(&mut self, ti: usize, found: usize, want: usize, place: &Place) {
        let table = &self.std.tables[ti];
        for row in 0..table.rows.len() {
            self.assigned.insert(Target { table: ti, row });
            self.unknown.insert(Target { table: ti, row });
        }
        let section = (self.std.section_of_table(&table.id))
            .map(|s| s.printed())
            .unwrap_or_default();
        self.warn(
            "import.ambiguous_row",
            format!(
                "{section}：数据行印有 {found} 个数值、应有 {want} 个，无法确定各数值所在的列，表格按空白处理"
            ),
            place.clone(),
        );
    }

    /// Values of text lines that no row label took: placed by a label printed on the lines
    /// around them, or by the standard's order after a row whose run went on, or — all of them
    /// together — as one table printed in drawing order (`by_order`); else noted.
    pub(super) fn resolve_orphans(
        &mut self,
        stream: &Stream,
        lines: &mut Lines,
        report: &mut Report,
    ) {
        let has_value = |row: &[Token]| row.iter().any(|t| t.value && !t.text.trim().is_empty());
        let mut left_over: Vec<Vec<&Token>> = Vec::new();
        let mut r = 0;
        while r < stream.len() {
            let row = &stream[r];
            let own_text = row.first().filter(|t| !t.value);
            let rest = &row[usize::from(own_text.is_some())..];
            if lines.consumed[r]
                || !has_value(row)
                || !rest.iter().all(|t| t.value)
                || row.iter().all(|t| t.counted)
            {
                r += 1;
                continue;
            }
            // The run: this row and the rows of values only after it.
            let mut end = r;
            while end + 1 < stream.len()
                && !lines.consumed[end + 1]
                && !stream[end + 1].is_empty()
                && stream[end + 1].iter().all(|t| t.value)
            {
                end += 1;
            }
            let values: Vec<&Token> = std::iter::once(rest)
                .chain(stream[r + 1..=end].iter().map(Vec::as_slice))
                .flatten()
                .filter(|t| !t.text.trim().is_empty())
                .collect();
            let placed = (own_text.is_none()
                && (self.spill(stream, r, &values, lines, report)
                    || self.by_block_header(stream, r, &values, lines, report)))
                || self.by_label_lines(stream, r, end, own_text, &values, lines, report);
            if !placed {
                left_over.push(values);
            }
            for c in &mut lines.consumed[r..=end] {
                *c = true;
            }
            r = end + 1;
        }
        // Together, the runs left over may be a table printed in drawing order.
        let all: Vec<&Token> = left_over.iter().flatten().copied().collect();
        let breaks: Vec<bool> = (left_over.iter())
            .flat_map(|run| (0..run.len()).map(|i| i == 0))
            .collect();
        if all.len() > 1 && self.by_order(&all, &breaks, report) {
            return;
        }
        for values in left_over {
            let place = values.first().map(|v| v.place.clone()).unwrap_or_default();
            self.warn(
                "import.orphan_values",
                format!(
                    "{} 个数值（{}）无法确定所在的行和列，未读入",
                    values.len(),
                    joined(&values)
                ),
                place,
            );
        }
    }

    /// A run right after a row label printed without values (and at most two fragments of it):
    /// that row and the next rows of the standard, when their labels were printed elsewhere
    /// without values and their widths add up to the run exactly.
    fn spill(
        &mut self,
        stream: &Stream,
        r: usize,
        values: &[&Token],
        lines: &mut Lines,
        report: &mut Report,
    ) -> bool {
        let Some(&(at, first)) = (1..=3)
            .filter_map(|back| r.checked_sub(back))
            .find_map(|row| lines.lone.iter().find(|(l, _)| *l == row))
        else {
            return false;
        };
        // The lines between the label and the run must be the rest of that label, nothing else
        // (a column header there says the values are another block's).
        if at + 1 < r {
            let text: String = (stream[at..r].iter().flatten())
                .map(|t| t.text.as_ref())
                .collect();
            if self.index.find_exact(&fold(&text)) != Some(first) {
                return false;
            }
        }
        let table = &self.std.tables[first.table];
        let mut targets = Vec::new();
        let mut total = 0;
        for row in first.row..table.rows.len() {
            let t = Target {
                table: first.table,
                row,
            };
            if total >= values.len()
                || self.assigned.contains(&t)
                || !lines.lone.iter().any(|(_, l)| *l == t)
            {
                break;
            }
            total += self.width(t);
            targets.push(t);
        }
        if total != values.len() || targets.is_empty() {
            return false;
        }
        let labels: Vec<String> = targets
            .iter()
            .map(|t| format!("“{}”", table.rows[t.row].label))
            .collect();
        let place = values[0].place.clone();
        self.findings.push(
            Finding::new(
                "import.rows_by_order",
                Severity::Info,
                format!(
                    "行标签“{}”之后的 {} 个数值恰为 {} 行的列数；其后几行的标签另印在别处且不带数值，按标准的行序读入：{}",
                    table.rows[first.row].label,
                    values.len(),
                    targets.len(),
                    labels.join("、")
                ),
            )
            .at(place.clone()),
        );
        let mut offset = 0;
        for t in targets {
            let w = self.width(t);
            self.assign(t, &place, &values[offset..offset + w], report);
            lines.lone.retain(|(_, l)| *l != t);
            offset += w;
        }
        true
    }

    /// A run whose row label is printed over the lines above and below it (a label wrapped in
    /// its cell, centred on the values): the lines whose words, joined, are exactly one row's
    /// label of the run's width — and no other row's.
    #[allow(clippy::too_many_arguments)]
    fn by_label_lines(
        &mut self,
        stream: &Stream,
        r: usize,
        end: usize,
        own: Option<&Token>,
        values: &[&Token],
        lines: &mut Lines,
        report: &mut Report,
    ) -> bool {
        let label_only = |i: usize| {
            !lines.consumed[i] && !stream[i].is_empty() && stream[i].iter().all(|t| !t.value)
        };
        let above: Vec<usize> = (0..r)
            .rev()
            .take_while(|&i| label_only(i))
            .take(MAX_LABEL_LINES)
            .collect();
        let below: Vec<usize> = (end + 1..stream.len())
            .take_while(|&i| label_only(i))
            .take(MAX_LABEL_LINES)
            .collect();
        let word = |i: usize| -> &str {
            let text = stream[i]
                .iter()
                .map(|t| t.text.as_ref())
                .next_back()
                .unwrap_or("");
            text.split_whitespace().next_back().unwrap_or("")
        };
        // The run's own words, or the last ones of them (group labels or their fragments come
        // first: "（三 1.  属").
        let mut owns: Vec<String> = vec![String::new()];
        if let Some(o) = own {
            let words: Vec<&str> = o.text.split_whitespace().collect();
            owns.extend((0..words.len()).map(|i| words[i..].concat()));
        }
        let choices = |near: &[usize]| -> Vec<Vec<usize>> {
            let mut out: Vec<Vec<usize>> = (0..=near.len()).map(|n| near[..n].to_vec()).collect();
            let free = near.len().min(FREE_CHOICE_LINES);
            for mask in 0u32..(1 << free) {
                let pick: Vec<usize> = (0..free)
                    .filter(|b| mask & (1 << b) != 0)
                    .map(|b| near[b])
                    .collect();
                if !out.contains(&pick) {
                    out.push(pick);
                }
            }
            out
        };
        // No label is longer than the longest of the standard: longer joins are not tried (a
        // hostile file of thousands of such runs stays fast).
        let longest = (self.std.tables.iter())
            .flat_map(|t| &t.rows)
            .flat_map(|r| std::iter::once(&r.label).chain(&r.aliases))
            .map(String::len)
            .max()
            .unwrap_or(0);
        let size = |picked: &[usize]| picked.iter().map(|&i| word(i).len()).sum::<usize>();
        let ups: Vec<Vec<usize>> = choices(&above)
            .into_iter()
            .filter(|u| size(u) <= longest)
            .collect();
        let downs: Vec<Vec<usize>> = choices(&below)
            .into_iter()
            .filter(|d| size(d) <= longest)
            .collect();
        let mut hits: Vec<(Target, Vec<usize>, String)> = Vec::new();
        for up in &ups {
            for down in &downs {
                if size(up) + size(down) > longest {
                    continue;
                }
                for own in &owns {
                    let mut text = String::new();
                    for &i in up.iter().rev() {
                        text.push_str(word(i));
                    }
                    text.push_str(own);
                    for &i in down {
                        text.push_str(word(i));
                    }
                    let Some(t) = self.index.find_exact(&fold(&text)) else {
                        continue;
                    };
                    if self.width(t) != values.len() || self.assigned.contains(&t) {
                        continue;
                    }
                    let used: Vec<usize> = up.iter().chain(down).copied().collect();
                    hits.push((t, used, text));
                }
            }
        }
        let Some((first, _, _)) = hits.first() else {
            return false;
        };
        if hits.iter().any(|(t, _, _)| t != first) {
            let mut labels: Vec<String> = hits
                .iter()
                .map(|(t, _, _)| format!("“{}”", self.std.tables[t.table].rows[t.row].label))
                .collect();
            labels.sort();
            labels.dedup();
            self.warn(
                "import.ambiguous_row",
                format!(
                    "数值行（{}）上下几行的文字可拼成不止一行的标签（{}），无法确定所在的行，未读入",
                    joined(values),
                    labels.join("、")
                ),
                values[0].place.clone(),
            );
            return true;
        }
        let Some((t, used, text)) = hits.into_iter().min_by_key(|(_, used, _)| used.len()) else {
            return false;
        };
        for &i in &used {
            lines.consumed[i] = true;
        }
        lines.lone.retain(|(_, l)| *l != t);
        let label = &self.std.tables[t.table].rows[t.row].label;
        let place = values[0].place.clone();
        self.findings.push(
            Finding::new(
                "import.label_from_lines",
                Severity::Info,
                format!("这一行数值的行标签印在其上下几行，拼起来是“{text}”，按“{label}”读入"),
            )
            .at(place.clone()),
        );
        self.assign(t, &place, values, report);
        true
    }
}
