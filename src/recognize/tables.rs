//! Finds the standard tables' values in table grids (or in runs of one-cell lines) by their row
//! labels, whatever the grid's shape: merged or repeated label cells, split tables, one cell per
//! line, numbers of a row on one line.

mod positional;

use super::label::fold_into;
pub use super::row_index::LabelIndex;
use super::row_index::Target;
use super::value::{Cleaning, is_value_like, parse, parse_in_unit};
use crate::document::{Place, Table};
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Value};
use crate::standard::{Layout, Standard};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use std::borrow::Cow;

/// One cell's text in reading order, with the row it sits in.
#[derive(Debug, Clone)]
pub struct Token<'d> {
    /// The cell text (borrowed from the document unless a line was split).
    pub text: Cow<'d, str>,
    /// Where it came from.
    pub place: Place,
    /// True for cells that read as values.
    pub value: bool,
    /// True when the token's column is known: a cell of a grid, whole. False for the words of a
    /// line split at spaces and for lines of text (text from a PDF prints no blank cell, so a
    /// short run of numbers does not say which column is missing).
    pub counted: bool,
    /// For a word split out of a line of text: the character column it starts at in that line
    /// (pdftotext `-layout` keeps columns by spaces); 0 otherwise.
    pub col: usize,
}

/// A table as rows of tokens (origin cells only, left to right).
pub type Stream<'d> = Vec<Vec<Token<'d>>>;

/// The streams of a document's top-level tables, built once: detection reads them, then the
/// recogniser takes them over (building them twice was a tenth of a text report's time).
#[derive(Default)]
pub struct Streams<'d> {
    by_table: foldhash::HashMap<*const Table, Stream<'d>>,
}

impl<'d> Streams<'d> {
    /// Builds the stream of every top-level table of `doc`.
    pub fn of(doc: &'d crate::document::Document) -> Self {
        let by_table = (doc.blocks.iter())
            .filter_map(|b| match b {
                crate::document::Block::Table(t) => Some((t as *const Table, stream_of_table(t))),
                crate::document::Block::Paragraph(_) => None,
            })
            .collect();
        Streams { by_table }
    }

    /// The stream of `table`, built now unless it is held.
    pub fn get(&self, table: &'d Table) -> Cow<'_, Stream<'d>> {
        match self.by_table.get(&(table as *const Table)) {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(stream_of_table(table)),
        }
    }

    /// The stream of `table`, taken out when held (each table is read once), built otherwise.
    pub fn take<'t>(&mut self, table: &'t Table) -> Stream<'t>
    where
        'd: 't,
    {
        match self.by_table.remove(&(table as *const Table)) {
            Some(held) => held,
            None => stream_of_table(table),
        }
    }
}

/// Longest cell text (bytes) that can be a label or a value. Labels are under 100 characters
/// and values a few; a longer cell is prose, and is never folded, parsed or compared with every
/// label (a hostile 10 MB cell would cost seconds each time).
pub(super) const MAX_TOKEN_BYTES: usize = 4096;

/// Longest group label looked for in the words before a row label printed with them (folded bytes).
const MAX_GROUP_BYTES: usize = 120;

fn token<'d>(text: impl Into<Cow<'d, str>>, place: Place, counted: bool) -> Token<'d> {
    let text = text.into();
    Token {
        value: text.len() <= MAX_TOKEN_BYTES && is_value_like(&text),
        text,
        place,
        counted,
        col: 0,
    }
}

/// A word of `line` (a slice of it) as a token that remembers the column it starts at.
fn word<'d>(line: &'d str, part: &'d str, place: &Place) -> Token<'d> {
    let offset = (part.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
    let col = line
        .get(..offset)
        .map_or(0, |before| before.chars().count());
    Token {
        col,
        ..token(part, place.clone(), false)
    }
}

/// Splits "规章 0 0 0" into a label and its numbers, when a row was printed on one line.
fn split_numbers_on_one_line<'d>(text: &'d str, place: &Place, out: &mut Vec<Token<'d>>) {
    split_row_on_one_line(text, place, false, true, out);
}

/// A row label's list number printed apart from its words: "4." or "4．" (one or two digits).
fn is_list_number(word: &str) -> bool {
    let digits = word.trim_end_matches(['.', '．']);
    digits.len() < word.len()
        && (1..=2).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// [`split_numbers_on_one_line`]; with `bare`, a line of numbers only ("186 187 188", table 四's
/// data row in text from a PDF or a web page) is split into its numbers too — for lines of text,
/// not grid cells, where "0 0" in one cell is one (odd) value. `counted` says whether the text
/// is a grid cell (its column known) when it is not split; split words never are.
fn split_row_on_one_line<'d>(
    text: &'d str,
    place: &Place,
    bare: bool,
    counted: bool,
    out: &mut Vec<Token<'d>>,
) {
    let inner = text.trim();
    if text.len() > MAX_TOKEN_BYTES || !inner.contains(char::is_whitespace) {
        out.push(token(text, place.clone(), counted));
        return;
    }
    let parts: Vec<&str> = text.split_whitespace().collect();
    if parts.len() >= 2 {
        let mut first_value = parts.iter().position(|p| is_value_like(p));
        // A label's own number set off by a space ("3. 危及…  53  54", OCR): part of the label.
        // So is a word after a list number ("4. 无 137 …": 4.无正当理由…, whose first character
        // reads as a dash mark).
        let after_list_number = is_list_number(parts[0])
            && parts.len() > 2
            && parts[1]
                .chars()
                .all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        if first_value == Some(0) && (!is_value_like(parts[1]) || after_list_number) {
            first_value = parts[2..]
                .iter()
                .position(|p| is_value_like(p))
                .map(|i| i + 2);
        }
        if let Some(i) = first_value
            && (i > 0 || bare)
            && parts[i..].iter().all(|p| is_value_like(p))
        {
            if i > 0 {
                out.push(token(parts[..i].join(" "), place.clone(), false));
            }
            for p in &parts[i..] {
                out.push(word(text, p, place));
            }
            return;
        }
        // A label with a word that reads as a value ("（三 1.  属 39 40 …", a list number left
        // in the label by a PDF): the numbers are the run at the end, when there are several.
        let tail = parts.iter().rev().take_while(|p| is_value_like(p)).count();
        if bare && tail >= 2 && tail < parts.len() {
            let i = parts.len() - tail;
            out.push(token(parts[..i].join(" "), place.clone(), false));
            for p in &parts[i..] {
                out.push(word(text, p, place));
            }
            return;
        }
        // A remark after a labelled row's numbers, in a column of the report's own ("… 16 17
        // 含网", 备注): the label, the numbers, then the remark's words as words of their own.
        if let Some(i) = first_value
            && bare
            && i > 0
        {
            let j = i + parts[i..].iter().take_while(|p| is_value_like(p)).count();
            let remark = &parts[j..];
            if j - i >= 2
                && (1..=2).contains(&remark.len())
                && !remark.iter().any(|p| is_value_like(p))
            {
                out.push(token(parts[..i].join(" "), place.clone(), false));
                for p in &parts[i..] {
                    out.push(word(text, p, place));
                }
                return;
            }
        }
    }
    out.push(token(text, place.clone(), counted));
}

/// The rows of a document table as tokens. A grid position that no cell covers, between a
/// row's cells (or before the cells of a row with numbers), reads as a blank value (spreadsheets store no empty cells), so the values
/// after it keep their columns.
pub fn stream_of_table(table: &Table) -> Stream<'_> {
    let grid = table.grid();
    table
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let mut cells: Vec<_> = row.cells.iter().collect();
            cells.sort_by_key(|c| c.col);
            let mut out = Vec::with_capacity(cells.len());
            let uncovered = |c: usize| {
                grid.get(r)
                    .and_then(|g| g.get(c))
                    .is_some_and(Option::is_none)
            };
            let mut next: Option<usize> = None;
            for c in cells {
                if let Some(from) = next {
                    for _ in (from..c.col).filter(|g| uncovered(*g)) {
                        out.push(token("", Place::None, true));
                    }
                }
                split_numbers_on_one_line(&c.text, &c.place, &mut out);
                next = Some(c.col + c.col_span.max(1));
            }
            // Blank cells before the first value of a data row too (table 四's one data row);
            // not after the last cell: rows of one table may be narrower than its widest row.
            let has_numbers = out.iter().any(|t| t.value && !t.text.trim().is_empty());
            if has_numbers {
                let first = row.cells.iter().map(|c| c.col).min().unwrap_or(0);
                let lead = (0..first).filter(|g| uncovered(*g)).count();
                out.splice(
                    0..0,
                    std::iter::repeat_with(|| token("", Place::None, true)).take(lead),
                );
            }
            out
        })
        .collect()
}

/// Paragraph lines as a one-column table (a text export that lost its table structure).
pub fn stream_of_lines<'a>(lines: impl Iterator<Item = (&'a str, &'a Place)>) -> Stream<'a> {
    lines
        .map(|(text, place)| {
            let mut out = Vec::new();
            split_row_on_one_line(text, place, true, false, &mut out);
            out
        })
        .collect()
}

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
