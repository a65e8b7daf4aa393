//! Sheets saved without their merged cells (merges dropped by the program that wrote the file,
//! undone by copying each value into every cell of its region, or never made): the reader cannot
//! tell a report's lines of text from its tables, since no row spans the sheet, and each value sits
//! alone in a grid column that a merge used to cover. Knowing the standard's row labels, this module
//! splits such a sheet as the reader splits a merged one, closes the grid columns the merges left,
//! and lets header labels span again.

use super::tables::LabelIndex;
use super::value::is_value_like;
use super::workbook::Prepared;
use crate::document::{Cell, Paragraph, Place, Row, Table};
use crate::standard::Standard;
use std::borrow::Cow;
use std::collections::HashSet;

/// The paragraphs and tables of `t` when it is a sheet without a single merged region that has
/// table rows (rows of two cells or more); `None` otherwise (the table is read as it is).
///
/// A line of text is a row with a single cell, in the first column, that is not one of the
/// standard's row labels (a table row whose values are all blank looks the same), or a row repeating
/// one text in every column (merges undone by copying the value). Runs of other rows are tables,
/// each without the grid columns in which none of its cells starts.
pub fn split<'d>(t: &Table, std: &Standard) -> Option<Vec<Prepared<'d>>> {
    let cells = || t.rows.iter().flat_map(|r| &r.cells);
    let sheet = cells().all(|c| matches!(c.place, Place::SheetCell { .. }));
    let unmerged = cells().all(|c| c.col_span <= 1 && c.row_span <= 1);
    let width = t.width();
    if !sheet || !unmerged || width < 3 {
        return None;
    }
    let labels = LabelIndex::of(std);
    let line = |row: &Row| -> Option<(String, Place)> {
        let (first, rest) = row.cells.split_first()?;
        let text = first.text.trim();
        let repeated = row.cells.len() == width && rest.iter().all(|c| c.text.trim() == text);
        let alone = rest.is_empty() && !labels.is_row_label(text);
        (first.col == 0 && !text.is_empty() && (alone || repeated))
            .then(|| (first.text.clone(), first.place.clone()))
    };
    let lines: Vec<Option<(String, Place)>> = t.rows.iter().map(line).collect();
    let has_table_rows = t
        .rows
        .iter()
        .zip(&lines)
        .any(|(r, l)| l.is_none() && r.cells.len() > 1);
    if !has_table_rows {
        return None;
    }
    let mut out = Vec::new();
    let mut run: Vec<&Row> = Vec::new();
    let flush = |run: &mut Vec<&Row>, out: &mut Vec<Prepared<'d>>| {
        if !run.is_empty() {
            out.push(Prepared::Table(Cow::Owned(compact(run, t.name.clone()))));
            run.clear();
        }
    };
    for (row, line) in t.rows.iter().zip(lines) {
        match line {
            Some((text, place)) => {
                flush(&mut run, &mut out);
                out.push(Prepared::Paragraph(Cow::Owned(Paragraph::new(text, place))));
            }
            None if row.cells.is_empty() => flush(&mut run, &mut out),
            None => run.push(row),
        }
    }
    flush(&mut run, &mut out);
    Some(out)
}

/// The rows as one table, grid columns where none of their cells starts left out (cells keep
/// their places in the sheet). In a row of labels only (a header), each label spans the empty
/// positions up to the next label, as its merge did: there they are not blank values.
fn compact(rows: &[&Row], name: Option<String>) -> Table {
    let mut used: Vec<usize> = rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.col))
        .collect();
    used.sort_unstable();
    used.dedup();
    // A column that repeats the one before it in every row is the rest of a merge undone by
    // copying the value: left out too. (One pass over each row: rows × columns, not more.)
    let mut differs = vec![false; used.len()];
    let mut texts: Vec<Option<&str>> = vec![None; used.len()];
    for r in rows {
        texts.iter_mut().for_each(|t| *t = None);
        for c in &r.cells {
            if let Ok(i) = used.binary_search(&c.col) {
                texts[i] = Some(c.text.trim());
            }
        }
        for i in 1..used.len() {
            differs[i] |= texts[i] != texts[i - 1];
        }
    }
    let used: Vec<usize> = (used.iter().zip(&differs))
        .enumerate()
        .filter(|(i, (_, d))| *i == 0 || **d)
        .map(|(_, (col, _))| *col)
        .collect();
    let width = used.len();
    // Column ranges of the last header's labels copied along their row: the values beneath,
    // copied the same way, are one value each.
    let mut copied: Vec<(usize, usize)> = Vec::new();
    let rows: Vec<Row> = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<Cell> = (r.cells.iter())
                .filter_map(|c| {
                    Some(Cell {
                        col: used.binary_search(&c.col).ok()?,
                        ..c.clone()
                    })
                })
                .collect();
            cells.sort_by_key(|c| c.col);
            let header = cells.iter().all(|c| !is_value_like(&c.text));
            if header {
                copied = copies(&cells);
            }
            // A label copied into the next cells of its row (its merge undone) is one label.
            cells.dedup_by(|next, first| {
                next.text.trim() == first.text.trim() && !is_value_like(&first.text)
            });
            if header {
                let ends: Vec<usize> = (cells.iter().skip(1).map(|c| c.col))
                    .chain([width])
                    .collect();
                for (c, end) in cells.iter_mut().zip(ends) {
                    c.col_span = end.saturating_sub(c.col).max(1);
                }
            } else {
                cells = join_copies(cells, &copied);
            }
            Row {
                cells,
                header: r.header,
            }
        })
        .collect();
    let place = (rows.iter().flat_map(|r| &r.cells).next())
        .map(|c| c.place.clone())
        .unwrap_or_default();
    Table { rows, name, place }
}

/// Column ranges (first, last) of runs of cells side by side with one text: the copies a merge
/// left when it was undone by copying.
fn copies(cells: &[Cell]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < cells.len() {
        let mut j = i;
        while cells
            .get(j + 1)
            .is_some_and(|n| n.col == cells[j].col + 1 && n.text.trim() == cells[i].text.trim())
        {
            j += 1;
        }
        if j > i {
            out.push((cells[i].col, cells[j].col));
        }
        i = j + 1;
    }
    out
}

/// `cells` with each run of one text filling one of the `copied` ranges joined into one cell
/// spanning the range. Equal values elsewhere stay separate values. (Runs and ranges are both
/// in column order: one pass over the row.)
fn join_copies(cells: Vec<Cell>, copied: &[(usize, usize)]) -> Vec<Cell> {
    if copied.is_empty() {
        return cells;
    }
    let copied: HashSet<(usize, usize)> = copied.iter().copied().collect();
    let joined: Vec<(usize, usize)> = copies(&cells)
        .into_iter()
        .filter(|r| copied.contains(r))
        .collect();
    let mut runs = joined.iter().peekable();
    let mut out: Vec<Cell> = Vec::with_capacity(cells.len());
    for mut c in cells {
        while runs.next_if(|(_, last)| *last < c.col).is_some() {}
        match runs.peek() {
            Some(&&(first, last)) if (first..=last).contains(&c.col) => {
                if c.col != first {
                    continue;
                }
                c.col_span = last - first + 1;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet_row(r: usize, cells: &[(usize, &str)]) -> Row {
        Row {
            cells: (cells.iter())
                .map(|(c, text)| {
                    let place = Place::SheetCell {
                        sheet: "S".into(),
                        row: r + 1,
                        col: c + 1,
                    };
                    Cell::new(*text, *c, place)
                })
                .collect(),
            header: false,
        }
    }

    fn table(rows: &[&[(usize, &str)]]) -> Table {
        Table {
            rows: (rows.iter().enumerate())
                .map(|(r, cells)| sheet_row(r, cells))
                .collect(),
            name: Some("S".into()),
            place: Place::None,
        }
    }

    fn texts(p: &Prepared<'_>) -> Vec<String> {
        match p {
            Prepared::Paragraph(p) => vec![format!("p:{}", p.text)],
            Prepared::Table(t) => (t.rows.iter())
                .map(|r| {
                    (r.cells.iter())
                        .map(|c| format!("{}@{}+{}", c.text, c.col, c.col_span))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect(),
            Prepared::Break => vec!["break".into()],
        }
    }

    /// What [`split`] makes of a sheet of these rows, shown as [`texts`].
    fn split_texts(rows: &[&[(usize, &str)]]) -> Vec<String> {
        let out = split(&table(rows), crate::standard::current())
            .expect("an unmerged sheet with a table");
        out.iter().flat_map(texts).collect()
    }

    #[test]
    fn values_copied_under_a_copied_header_are_one_value() {
        let got = split_texts(&[
            &[(0, "说明文字一段")],
            &[(0, "信息内容"), (1, "甲"), (2, "乙"), (3, "丙")],
            &[(0, "规章"), (1, "0"), (2, "0"), (3, "0")],
            &[
                (0, "信息内容"),
                (1, "本年数量"),
                (2, "本年数量"),
                (3, "本年数量"),
            ],
            &[(0, "行政许可"), (1, "5"), (2, "5"), (3, "5")],
            &[(0, "行政处罚"), (1, "5"), (2, "6"), (3, "5")],
        ]);
        assert_eq!(
            got,
            [
                "p:说明文字一段",
                "信息内容@0+1 甲@1+1 乙@2+1 丙@3+1",
                "规章@0+1 0@1+1 0@2+1 0@3+1",
                "信息内容@0+1 本年数量@1+3",
                "行政许可@0+1 5@1+3",
                "行政处罚@0+1 5@1+1 6@2+1 5@3+1",
            ]
        );
    }

    #[test]
    fn equal_values_side_by_side_stay_separate_values() {
        let got = split_texts(&[
            &[(0, "说明文字一段")],
            &[(0, "信息内容"), (3, "甲"), (6, "乙"), (9, "丙")],
            &[(0, "规章"), (3, "0"), (6, "0"), (9, "0")],
        ]);
        assert_eq!(
            got,
            [
                "p:说明文字一段",
                "信息内容@0+1 甲@1+1 乙@2+1 丙@3+1",
                "规章@0+1 0@1+1 0@2+1 0@3+1"
            ]
        );
    }

    #[test]
    fn a_row_label_alone_stays_in_its_table_and_copied_columns_close() {
        let label = crate::standard::current().tables[0].rows[0].label.clone();
        let got = split_texts(&[
            &[
                (0, "信息内容"),
                (1, "信息内容"),
                (2, "甲"),
                (3, "甲"),
                (4, "乙"),
            ],
            &[(0, &label), (1, &label)],
            &[(0, "其他"), (1, "其他"), (2, "1"), (3, "1"), (4, "2")],
        ]);
        assert_eq!(
            got,
            [
                "信息内容@0+1 甲@1+1 乙@2+1".to_string(),
                format!("{label}@0+3"),
                "其他@0+1 1@1+1 2@2+1".to_string(),
            ]
        );
    }

    #[test]
    fn a_merged_sheet_is_left_to_the_reader() {
        let std = crate::standard::current();
        let mut t = table(&[
            &[(0, "信息内容"), (1, "甲"), (2, "乙")],
            &[(0, "其他"), (1, "1"), (2, "2")],
        ]);
        t.rows[0].cells[0].col_span = 2;
        assert!(split(&t, std).is_none());
    }
}
