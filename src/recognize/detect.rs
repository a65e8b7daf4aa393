//! Tells the standard formats apart by the table labels only one of them prints (本年新制作数量,
//! 第二十条第（九）项 … against 本年制发件数, 3.其他 …), never by the year: trial-layout reports
//! exist for 2022 too.
//!
//! Which labels are distinctive is derived from the definitions themselves: a label of one format
//! that no other format prints (as a row, column, group or header label, or an alias). Shared
//! labels (自然人, 行政处罚 …) only break ties. Words both print in different roles count for the
//! format whose role the document shows: （六）其他处理 followed by values is a 2019 row, followed by
//! a sub-row label a 2021 group.

use super::label::fold;
use super::tables::{Stream, Streams, stream_of_lines};
use crate::document::{Block, Document, Place};
use crate::memo;
use crate::standard::{self, Standard};
use foldhash::{HashSet, HashSetExt};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The format chosen for a document, and why.
#[derive(Debug, Clone)]
pub struct Detection {
    /// The chosen format.
    pub standard: &'static Standard,
    /// The distinctive labels of that format found in the document, as the definition prints them.
    pub evidence: Vec<String>,
}

/// [`labels_of`], built once per embedded standard.
/// Folded labels with their printed form.
type Labels = Vec<(String, String)>;

/// Labels printed as a row in one format and a group in another: (folded, printed, is a row here).
type Flips = Vec<(String, String, bool)>;

fn labels_of_cached(std: &Standard) -> Cow<'static, Labels> {
    static CELL: OnceLock<Vec<Labels>> = OnceLock::new();
    memo::per_standard(&CELL, std, labels_of)
}

/// The folded labels of [`labels_of`] as a set, built once per embedded standard.
pub(crate) fn label_set_cached(std: &Standard) -> Cow<'static, HashSet<String>> {
    static CELL: OnceLock<Vec<HashSet<String>>> = OnceLock::new();
    memo::per_standard(&CELL, std, |s| {
        labels_of(s).into_iter().map(|(f, _)| f).collect()
    })
}

/// [`row_or_group`], built once per pair of embedded standards.
fn row_or_group_cached(std: &Standard, other: &Standard) -> Cow<'static, Flips> {
    static CELL: OnceLock<Vec<Vec<OnceLock<Flips>>>> = OnceLock::new();
    memo::per_pair(&CELL, std, other, row_or_group)
}

/// Every label a standard prints around its table values, folded, with the printed form.
fn labels_of(std: &Standard) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut push = |printed: &str| {
        let f = fold(printed);
        if !f.is_empty() {
            out.push((f, printed.to_string()));
        }
    };
    for t in &std.tables {
        for text in t.row_header.iter().chain(&t.corner) {
            push(text);
        }
        for c in &t.columns {
            push(&c.label);
            c.aliases.iter().chain(&c.groups).for_each(|a| push(a));
        }
        for r in &t.rows {
            push(&r.label);
            r.aliases.iter().chain(&r.groups).for_each(|a| push(a));
        }
    }
    out
}

/// The cells and lines of a document in reading order: folded text, and whether it reads as a value.
fn tokens_of<'d>(doc: &'d Document, tables: &Streams<'d>) -> Vec<(String, bool)> {
    let mut streams: Vec<Cow<'_, Stream<'d>>> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(tables.get(t)),
            Block::Paragraph(_) => None,
        })
        .collect();
    let lines: Vec<(&str, &Place)> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some((p.text.as_str(), &p.place)),
            Block::Table(_) => None,
        })
        .collect();
    streams.push(Cow::Owned(stream_of_lines(lines.into_iter())));
    streams
        .iter()
        .flat_map(|s| s.iter())
        .flatten()
        .map(|t| {
            // Prose lines are far longer than any label: kept in the sequence (a label before
            // one is not followed by a value), but not folded.
            let folded = if t.text.trim().len() > 2 * LONGEST_LABEL_BYTES {
                PROSE.to_string()
            } else {
                fold(&t.text)
            };
            (folded, t.value)
        })
        .filter(|(f, value)| !f.is_empty() || *value)
        .collect()
}

/// No label of an embedded standard is longer (a test holds them to it).
const LONGEST_LABEL_BYTES: usize = 240;

/// What stands for a token too long to be a label: no label folds to it.
const PROSE: &str = "\u{0}";

/// Labels one format prints as a row and another only as a group over sub-rows, or the other way
/// round (（六）其他处理: a row in 2019, a group over 1.–3. in 2021): (folded, printed, is a row here).
fn row_or_group(std: &Standard, other: &Standard) -> Vec<(String, String, bool)> {
    let rows_of = |s: &Standard, table: &str| -> HashSet<String> {
        s.table(table)
            .map(|t| {
                t.rows
                    .iter()
                    .flat_map(|r| std::iter::once(&r.label).chain(&r.aliases))
                    .map(|l| fold(l))
                    .collect()
            })
            .unwrap_or_default()
    };
    let groups_of = |s: &Standard, table: &str| -> HashSet<String> {
        s.table(table)
            .map(|t| {
                t.rows
                    .iter()
                    .flat_map(|r| &r.groups)
                    .map(|g| fold(g))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut out: Vec<(String, String, bool)> = Vec::new();
    for t in &std.tables {
        let (rows, groups) = (rows_of(std, &t.id), groups_of(std, &t.id));
        let (other_rows, other_groups) = (rows_of(other, &t.id), groups_of(other, &t.id));
        for r in &t.rows {
            let labels = std::iter::once(&r.label)
                .chain(&r.aliases)
                .map(|l| (l, true));
            for (printed, is_row) in labels.chain(r.groups.iter().map(|g| (g, false))) {
                let f = fold(printed);
                let flipped = if is_row {
                    other_groups.contains(&f) && !other_rows.contains(&f) && !groups.contains(&f)
                } else {
                    other_rows.contains(&f) && !other_groups.contains(&f) && !rows.contains(&f)
                };
                if flipped && !out.iter().any(|(x, _, _)| *x == f) {
                    out.push((f, printed.clone(), is_row));
                }
            }
        }
    }
    out
}

/// The label tokens of a document with whether a value follows each: (folded label, next is a value).
type Shapes<'t> = HashSet<(&'t str, bool)>;

fn shapes_of(tokens: &[(String, bool)]) -> Shapes<'_> {
    tokens
        .windows(2)
        .filter(|w| !w[0].1)
        .map(|w| (w[0].0.as_str(), w[1].1))
        .collect()
}

/// Labels printed the way this format prints them, where another prints the same words the other
/// way: a row label followed by a value, or a group label followed by a sub-row label.
fn shape_evidence(shapes: &Shapes, std: &Standard, others: &[&Standard]) -> Vec<String> {
    let mut out = Vec::new();
    for other in others {
        for (folded, printed, is_row) in row_or_group_cached(std, other).iter() {
            let as_here = shapes.contains(&(folded.as_str(), *is_row));
            if as_here && !out.contains(printed) {
                out.push(printed.clone());
            }
        }
    }
    out
}

/// Chooses among `candidates` (the first wins ties) by the number of distinctive labels found,
/// then by the number of all labels found.
pub fn detect_among(doc: &Document, candidates: &[&'static Standard]) -> Option<Detection> {
    detect_among_in(doc, &Streams::of(doc), candidates)
}

/// [`detect_among`] over the document's table streams, built already.
fn detect_among_in<'d>(
    doc: &'d Document,
    tables: &Streams<'d>,
    candidates: &[&'static Standard],
) -> Option<Detection> {
    let tokens = tokens_of(doc, tables);
    let seen: HashSet<&str> = tokens
        .iter()
        .filter(|(_, value)| !value)
        .map(|(f, _)| f.as_str())
        .collect();
    let shapes = shapes_of(&tokens);
    let labels: Vec<Cow<'static, Labels>> =
        candidates.iter().map(|s| labels_of_cached(s)).collect();
    let sets: Vec<Cow<'static, HashSet<String>>> =
        candidates.iter().map(|s| label_set_cached(s)).collect();
    let mut best: Option<(usize, usize, Detection)> = None;
    for (i, std) in candidates.iter().enumerate() {
        let mut hits: HashSet<&str> = HashSet::new();
        let mut evidence = Vec::new();
        for (folded, printed) in labels[i].iter() {
            if seen.contains(folded.as_str())
                && hits.insert(folded)
                && !sets
                    .iter()
                    .enumerate()
                    .any(|(j, set)| j != i && set.contains(folded.as_str()))
            {
                evidence.push(printed.clone());
            }
        }
        let rest: Vec<&Standard> = candidates
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, s)| *s)
            .collect();
        evidence.extend(shape_evidence(&shapes, std, &rest));
        let score = (evidence.len(), hits.len());
        if best.as_ref().is_none_or(|(d, a, _)| score > (*d, *a)) {
            best = Some((
                score.0,
                score.1,
                Detection {
                    standard: std,
                    evidence,
                },
            ));
        }
    }
    best.map(|(_, _, d)| d)
}

/// Chooses the embedded format whose distinctive labels the document carries best; the current
/// format when nothing tells them apart.
pub fn detect(doc: &Document) -> Detection {
    detect_in(doc, &Streams::of(doc))
}

/// [`detect`] over the document's table streams, built already.
pub(crate) fn detect_in<'d>(doc: &'d Document, tables: &Streams<'d>) -> Detection {
    let all: Vec<&'static Standard> = standard::all().iter().collect();
    detect_among_in(doc, tables, &all).unwrap_or_else(|| Detection {
        standard: standard::current(),
        evidence: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Cell, Row, Table};

    fn doc_of_rows(rows: &[&[&str]]) -> Document {
        let table = Table {
            rows: rows
                .iter()
                .map(|cells| Row {
                    cells: cells
                        .iter()
                        .enumerate()
                        .map(|(i, t)| Cell::new(*t, i, Place::None))
                        .collect(),
                    header: false,
                })
                .collect(),
            ..Table::default()
        };
        Document {
            blocks: vec![Block::Table(table)],
            ..Document::default()
        }
    }

    #[test]
    fn no_label_is_longer_than_the_longest_a_token_is_folded_for() {
        for std in standard::all() {
            for (folded, printed) in labels_of(std) {
                assert!(
                    printed.len() <= LONGEST_LABEL_BYTES,
                    "{}: {printed}",
                    std.id
                );
                assert_ne!(folded, PROSE);
            }
        }
    }

    #[test]
    fn picks_the_trial_format_from_its_own_labels() {
        let doc = doc_of_rows(&[
            &["第二十条第（一）项"],
            &[
                "信息内容",
                "本年新制作数量",
                "本年新公开数量",
                "对外公开总数量",
            ],
            &["规章", "1", "1", "5"],
            &["第二十条第（九）项"],
            &["信息内容", "采购项目数量", "采购总金额"],
            &["政府集中采购", "2", "251000元"],
        ]);
        let d = detect(&doc);
        assert_eq!(d.standard.id, "gov-2019");
        assert!(d.evidence.iter().any(|e| e == "本年新制作数量"));
        assert!(d.evidence.iter().any(|e| e == "政府集中采购"));
        assert!(!d.evidence.iter().any(|e| e == "规章"), "shared label");
    }

    #[test]
    fn picks_the_2021_format_from_its_own_labels() {
        let doc = doc_of_rows(&[
            &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            &["规章", "1", "0", "5"],
            &["（六）其他处理", "3.其他", "0", "0"],
        ]);
        assert_eq!(detect(&doc).standard.id, "gov-2021");
    }

    #[test]
    fn shared_labels_alone_keep_the_current_format() {
        let doc = doc_of_rows(&[&["规章", "1", "0", "5"], &["行政处罚", "3"]]);
        let d = detect(&doc);
        assert_eq!(d.standard.id, standard::current().id);
        assert!(d.evidence.is_empty());
    }

    #[test]
    fn one_row_other_handling_tells_the_trial_format_without_table_two() {
        let trial = doc_of_rows(&[
            &[
                "（五）不予处理",
                "1.信访举报投诉类申请",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
                "0",
            ],
            &["（六）其他处理", "2", "", "", "", "", "", "2"],
            &["（七）总计", "2", "", "", "", "", "", "2"],
        ]);
        let d = detect(&trial);
        assert_eq!(d.standard.id, "gov-2019");
        assert_eq!(d.evidence, ["（六）其他处理"]);
        // Printed as a group over sub-rows, the same words tell 2021.
        let current = doc_of_rows(&[
            &["（六）其他处理", "1.申请人无正当理由逾期不补正", "0", "0"],
            &["（七）总计", "2", "", "", "", "", "", "2"],
        ]);
        let d = detect(&current);
        assert_eq!(d.standard.id, "gov-2021");
        assert_eq!(d.evidence, ["（六）其他处理"]);
    }

    #[test]
    fn distinctive_labels_come_from_the_definitions() {
        let (new, old) = (
            standard::get("gov-2021").expect("2021"),
            standard::get("gov-2019").expect("2019"),
        );
        let folded = |s: &Standard| -> HashSet<String> {
            labels_of(s).into_iter().map(|(f, _)| f).collect()
        };
        let (n, o) = (folded(new), folded(old));
        assert!(
            o.contains(&fold("第二十条第（九）项")) && !n.contains(&fold("第二十条第（九）项"))
        );
        assert!(n.contains(&fold("3.其他")) && !o.contains(&fold("3.其他")));
        assert!(n.contains(&fold("（六）其他处理")) && o.contains(&fold("（六）其他处理")));
    }
}
