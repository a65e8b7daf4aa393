//! The rows of a table as tokens, the unit the table reader works on: a grid's cells in order
//! (blank where a sheet stores no cell), or a line of text split into its label and its numbers
//! (with the column each word starts at, for `-layout` text).

use super::super::value::is_value_like;
use crate::document::{Place, Table};
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
pub(in crate::recognize) const MAX_TOKEN_BYTES: usize = 4096;

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
