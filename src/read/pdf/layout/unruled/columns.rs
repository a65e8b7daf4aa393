//! The columns of a table found from aligned values: value columns from the extents of the
//! numbers down the rows, label columns from where the text left of them starts, and which
//! column a piece of text starts in and reaches to.

use super::super::lines::Line;

/// A value stands further than this many font sizes from the text beside it on its line;
/// values set closer (two spaces apart) could be one cell or several.
const VALUE_GAP: f64 = 1.2;
/// A value is at most this many characters.
const SHORT_ENTRY: usize = 12;
/// Extents of values closer than this (points) are one column.
const ALIGN: f64 = 1.0;
/// Label cells starting closer than this (points) are one column.
const START: f64 = 2.0;
/// Fewest pieces of text starting in each label column.
const MIN_LABELS: usize = 2;

/// A line with its cell pieces.
pub(super) struct Sub<'a> {
    /// Index of the line it came from.
    pub origin: usize,
    /// The line.
    pub line: Line<'a>,
    /// Its cell pieces, left to right.
    pub pieces: Vec<Line<'a>>,
}

/// The columns of a candidate table.
pub(super) struct Columns {
    /// Left edges of the label columns.
    pub labels: Vec<f64>,
    /// Right end of the labels (the value area starts after it).
    pub label_right: f64,
    /// Extents of the value columns, left to right.
    pub values: Vec<(f64, f64)>,
}

impl Columns {
    /// How many columns.
    pub fn count(&self) -> usize {
        self.labels.len() + self.values.len()
    }

    /// The column a piece starting at `x0` starts in.
    pub fn start(&self, x0: f64) -> usize {
        if x0 <= self.label_right && !self.labels.is_empty() {
            return self
                .labels
                .iter()
                .rposition(|&c| c <= x0 + START)
                .unwrap_or(0);
        }
        let j = self
            .values
            .iter()
            .position(|&(_, b)| x0 <= b)
            .unwrap_or(self.values.len() - 1);
        self.labels.len() + j
    }

    /// The last column a piece ending at `x1` reaches into: past the start of a label column,
    /// past the values of the first value column, past the end of the column before any other.
    pub fn end(&self, x1: f64) -> usize {
        let starts = self
            .labels
            .iter()
            .copied()
            .chain(self.values.first().map(|v| v.0))
            .chain(self.values.iter().map(|v| v.1))
            .take(self.count());
        starts.take_while(|&a| a < x1).count().saturating_sub(1)
    }

    /// The x edges of the columns (one more than columns).
    pub fn edges(&self, left: f64) -> Vec<f64> {
        let mut out: Vec<f64> = self.labels.clone();
        if out.is_empty() {
            out.push(left.min(self.values[0].0));
        }
        if !self.labels.is_empty() {
            out.push(self.label_right);
        }
        out.extend(self.values.iter().map(|v| v.1));
        for i in 1..out.len() {
            out[i] = out[i].max(out[i - 1] + 2.0);
        }
        out
    }
}

/// True when `text` is a value: a number (sign, digits, separators, a percent sign), short.
pub(super) fn is_value(text: &str) -> bool {
    let t = text.trim();
    let body = t.strip_prefix(['-', '+', '－']).unwrap_or(t);
    let body = body.strip_suffix(['%', '％']).unwrap_or(body);
    t.chars().count() <= SHORT_ENTRY
        && body.chars().next().is_some_and(|c| c.is_ascii_digit())
        && body.chars().last().is_some_and(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

/// The value columns (extents of the values, overlapping ones merged) and the label columns
/// of a run of lines, when the values stand clear of the text beside them.
pub(super) fn columns(run: &[Sub<'_>]) -> Option<Columns> {
    let mut spans: Vec<(f64, f64)> = Vec::new();
    for s in run {
        for (k, p) in s.pieces.iter().enumerate() {
            if !is_value(&p.text()) {
                continue;
            }
            let gap = VALUE_GAP * s.line.size;
            let before = k.checked_sub(1).map(|j| &s.pieces[j]);
            let after = s.pieces.get(k + 1);
            if before.is_some_and(|b| p.rect.x0 - b.rect.x1 <= gap)
                || after.is_some_and(|a| a.rect.x0 - p.rect.x1 <= gap)
            {
                return None;
            }
            spans.push((p.rect.x0, p.rect.x1));
        }
    }
    if spans.is_empty() {
        return None;
    }
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut values: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match values.last_mut() {
            Some(last) if a <= last.1 + ALIGN => last.1 = last.1.max(b),
            _ => values.push((a, b)),
        }
    }
    let first_value = values[0].0;
    // Labels: text on the lines of values wholly left of the first value column.
    let labels_on_values: Vec<&Line<'_>> = run
        .iter()
        .filter(|s| s.pieces.iter().any(|p| is_value(&p.text())))
        .flat_map(|s| s.pieces.iter())
        .filter(|p| !is_value(&p.text()) && p.rect.x1 < first_value)
        .collect();
    let label_right = labels_on_values
        .iter()
        .map(|p| p.rect.x1)
        .fold(f64::NEG_INFINITY, f64::max);
    let mut starts: Vec<f64> = run
        .iter()
        .flat_map(|s| s.pieces.iter())
        .filter(|p| !is_value(&p.text()) && p.rect.x0 < label_right)
        .map(|p| p.rect.x0)
        .collect();
    starts.sort_by(f64::total_cmp);
    // Label columns: starts closer than START one column; a column where only one piece starts
    // (labels centred in their cells, a wrapped tail from the page before) makes the label
    // columns unclear.
    let mut labels: Vec<(f64, usize)> = Vec::new();
    for x in starts {
        match labels.last_mut() {
            Some((l, n)) if x - *l <= START => *n += 1,
            _ => labels.push((x, 1)),
        }
    }
    if labels.iter().any(|&(_, n)| n < MIN_LABELS) {
        return None;
    }
    let labels: Vec<f64> = labels.into_iter().map(|(x, _)| x).collect();
    Some(Columns {
        labels,
        label_right,
        values,
    })
}
