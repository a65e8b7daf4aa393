//! The standard's row labels indexed for lookup: exact, without their numbers, by prefix, and
//! within a few typos — how the table reader knows which row a cell labels.

use super::label::{Rows, fold, split_number, typo_budget};
use super::tables::MAX_TOKEN_BYTES;
use crate::memo;
use crate::standard::{Layout, Standard};
use foldhash::{HashMap, HashMapExt};
use std::borrow::Cow;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct Target {
    pub table: usize,
    pub row: usize,
}

/// Row labels of a standard, folded for lookup.
#[derive(Clone)]
pub struct LabelIndex {
    exact: HashMap<String, Target>,
    stripped: HashMap<String, Option<Target>>,
    /// Labels without their numbers, as characters (for typo distances).
    all_stripped: Vec<(String, Vec<char>, Target)>,
    /// Folded header labels of single-row tables (table 四's 行政复议 …) → table index.
    pub(super) headers: HashMap<String, usize>,
    /// Folded group labels of rows (三、本年度办理结果, （三）不予公开 …) → the tables printing them.
    pub(super) groups: HashMap<String, Vec<usize>>,
}

impl LabelIndex {
    /// Builds the index of a standard's row labels and aliases.
    pub fn new(std: &Standard) -> Self {
        let mut exact = HashMap::new();
        let mut stripped: HashMap<String, Option<Target>> = HashMap::new();
        let mut all_stripped = Vec::new();
        let mut headers = HashMap::new();
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (ti, t) in std.tables.iter().enumerate() {
            for (ri, r) in t.rows.iter().enumerate() {
                let target = Target { table: ti, row: ri };
                for g in &r.groups {
                    let tables = groups.entry(fold(g)).or_default();
                    if !tables.contains(&ti) {
                        tables.push(ti);
                    }
                }
                if t.layout == Layout::SingleRow {
                    headers.insert(fold(&r.label), ti);
                    for g in &r.groups {
                        headers.insert(fold(g), ti);
                    }
                }
                for label in std::iter::once(&r.label).chain(&r.aliases) {
                    let f = fold(label);
                    let (_, rest) = split_number(&f);
                    let rest = rest.to_string();
                    exact.insert(f, target);
                    all_stripped.push((rest.clone(), rest.chars().collect(), target));
                    stripped
                        .entry(rest)
                        .and_modify(|e| {
                            if *e != Some(target) {
                                *e = None;
                            }
                        })
                        .or_insert(Some(target));
                }
            }
        }
        LabelIndex {
            exact,
            stripped,
            all_stripped,
            headers,
            groups,
        }
    }

    /// The index of an embedded standard, built once; of another standard, built now.
    pub fn of(std: &Standard) -> Cow<'static, LabelIndex> {
        static CELL: OnceLock<Vec<LabelIndex>> = OnceLock::new();
        memo::per_standard(&CELL, std, LabelIndex::new)
    }

    /// True when `text` is one of the standard's row labels or aliases (not only approximately).
    pub fn is_row_label(&self, text: &str) -> bool {
        if text.len() > MAX_TOKEN_BYTES {
            return false;
        }
        self.find_exact(&fold(text)).is_some()
    }

    /// The row that folded text `f` labels exactly: as printed, or without its number when the
    /// rest is long enough not to be a column header (其他, 总计).
    pub(super) fn find_exact(&self, f: &str) -> Option<Target> {
        if f.is_empty() {
            return None;
        }
        if let Some(t) = self.exact.get(f) {
            return Some(*t);
        }
        let (_, rest) = split_number(f);
        if rest.chars().count() >= 4 {
            return self.stripped.get(rest).copied().flatten();
        }
        None
    }

    /// The row a cell's text labels, and whether it was matched only approximately.
    pub(super) fn find(&self, text: &str) -> Option<(Target, bool)> {
        if text.len() > MAX_TOKEN_BYTES {
            return None;
        }
        self.find_folded(&fold(text))
    }

    /// As [`Self::find`], for text already folded.
    pub(super) fn find_folded(&self, f: &str) -> Option<(Target, bool)> {
        if f.is_empty() || f.len() > MAX_TOKEN_BYTES {
            return None;
        }
        if let Some(t) = self.find_exact(f) {
            return Some((t, false));
        }
        let (_, rest) = split_number(f);
        let len = rest.chars().count();
        if len < 6 {
            return None;
        }
        let unique = |mut hits: Vec<Target>| {
            hits.sort_by_key(|t| (t.table, t.row));
            hits.dedup();
            (hits.len() == 1).then(|| hits[0])
        };
        let prefixed: Vec<Target> = self
            .all_stripped
            .iter()
            .filter(|(s, c, _)| {
                c.len() >= 6 && (s.starts_with(rest) || rest.starts_with(s.as_str()))
            })
            .map(|(_, _, t)| *t)
            .collect();
        if let Some(t) = unique(prefixed) {
            return Some((t, true));
        }
        let budget = typo_budget(len);
        let rest: Vec<char> = rest.chars().collect();
        let mut rows = Rows::default();
        let mut best: Option<(usize, Vec<Target>)> = None;
        for (_, s, t) in &self.all_stripped {
            if s.len().abs_diff(len) > budget {
                continue;
            }
            let d = rows.distance_within(&rest, s, budget);
            if d <= budget {
                match &mut best {
                    Some((bd, ts)) if d == *bd => ts.push(*t),
                    Some((bd, _)) if d > *bd => {}
                    _ => best = Some((d, vec![*t])),
                }
            }
        }
        best.and_then(|(_, ts)| unique(ts)).map(|t| (t, true))
    }
}
