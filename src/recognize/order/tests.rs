use super::*;
use proptest::prelude::*;

/// A table whose last column is its row's total and whose last row is the column totals,
/// built from `inner` (rows × (cols - 1) numbers).
fn table_with_totals(inner: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let mut t: Vec<Vec<u32>> = inner
        .iter()
        .map(|r| {
            let mut r = r.clone();
            r.push(r.iter().sum());
            r
        })
        .collect();
    let cols = t[0].len();
    let total: Vec<u32> = (0..cols).map(|c| t.iter().map(|r| r[c]).sum()).collect();
    t.push(total);
    t
}

/// The checks of such a table: each row's total, each column's total row.
fn total_checks(rows: usize, cols: usize) -> Vec<Check> {
    let mut out = Vec::new();
    for r in 0..rows {
        let mut terms: Vec<(usize, i8)> = (0..cols - 1).map(|c| (r * cols + c, 1)).collect();
        terms.push((r * cols + cols - 1, -1));
        out.push(Check {
            terms,
            constant: Decimal::ZERO,
        });
    }
    for c in 0..cols {
        let mut terms: Vec<(usize, i8)> = (0..rows - 1).map(|r| (r * cols + c, 1)).collect();
        terms.push(((rows - 1) * cols + c, -1));
        out.push(Check {
            terms,
            constant: Decimal::ZERO,
        });
    }
    out
}

/// A linear extension of the grid in the moves pdftotext prints (the cell right of the last,
/// the next cell of the row below, or a step back to the first row not complete), chosen by
/// `picks` — a step back only when the others are not possible or, at most `max_back` times,
/// one pick in five — keeping at most [`MAX_OPEN_ROWS`] rows partly printed.
/// And where text broke the run (before each step back of more than one row, and here and there).
fn order_breaks(
    rows: usize,
    cols: usize,
    picks: &[usize],
    max_back: u8,
) -> (Vec<(usize, usize)>, Vec<bool>) {
    let mut shape = vec![0usize; rows];
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut pick = picks.iter().cycle();
    let mut back = 0;
    let mut breaks = Vec::new();
    while out.len() < rows * cols {
        let partly = shape.iter().filter(|&&s| s > 0 && s < cols).count();
        let may = |r: usize| {
            r < rows
                && shape[r] < cols
                && (r == 0 || shape[r - 1] > shape[r])
                && (shape[r] > 0 || partly < MAX_OPEN_ROWS)
        };
        let here = out.last().map_or(0, |&(r, _)| r);
        let first = (0..rows).find(|&r| shape[r] < cols).unwrap_or(0);
        let forward: Vec<usize> = [here, here + 1].into_iter().filter(|&r| may(r)).collect();
        let p = pick.next().copied().unwrap_or(0);
        let r = if forward.is_empty() || (p % 5 == 4 && back < max_back && may(first)) {
            back += 1;
            first
        } else {
            forward[p % forward.len()]
        };
        breaks.push(r + 1 < here || p % 7 == 6);
        out.push((r, shape[r]));
        shape[r] += 1;
    }
    (out, breaks)
}

/// Decodes `table` printed in `printed` order without the cells in `dropped`; the decoded
/// value of every cell (`None` blank) when one reading was found.
fn run(
    table: &[Vec<u32>],
    (printed, breaks): &(Vec<(usize, usize)>, Vec<bool>),
    dropped: &[(usize, usize)],
) -> (Decoded, Vec<Option<u32>>) {
    let (rows, cols) = (table.len(), table[0].len());
    let (kept, breaks): (Vec<(usize, usize)>, Vec<bool>) = (printed.iter().zip(breaks))
        .filter(|(c, _)| !dropped.contains(c))
        .map(|(c, b)| (*c, *b))
        .unzip();
    let values: Vec<Decimal> = kept.iter().map(|&(r, c)| table[r][c].into()).collect();
    let ids: Vec<u32> = kept.iter().map(|&(r, c)| table[r][c]).collect();
    let checks = total_checks(rows, cols);
    let decoded = decode(Problem {
        rows,
        cols,
        values: &values,
        ids: &ids,
        checks: &checks,
        breaks: &breaks,
    });
    let cells = match &decoded {
        Decoded::One(v) => v.iter().map(|i| i.map(|i| ids[i])).collect(),
        _ => Vec::new(),
    };
    (decoded, cells)
}

fn truth(table: &[Vec<u32>], dropped: &[(usize, usize)]) -> Vec<Option<u32>> {
    let cols = table[0].len();
    (0..table.len() * cols)
        .map(|i| (i / cols, i % cols))
        .map(|(r, c)| (!dropped.contains(&(r, c))).then_some(table[r][c]))
        .collect()
}

#[test]
fn reads_a_staircase_order_the_way_pdftotext_prints_tall_label_cells() {
    // Not square: a square table with totals both ways also reads transposed.
    let table = table_with_totals(&[
        vec![3, 1, 4, 1],
        vec![5, 9, 2, 6],
        vec![5, 3, 5, 8],
        vec![9, 7, 9, 3],
        vec![2, 3, 8, 4],
    ]);
    // Two columns of the first rows, then the rest of them, then row by row.
    let mut printed = vec![(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)];
    for r in 0..3 {
        printed.extend((2..5).map(|c| (r, c)));
    }
    printed.extend((3..6).flat_map(|r| (0..5).map(move |c| (r, c))));
    // Text (the header's other half) before the step back.
    let breaks: Vec<bool> = (0..printed.len()).map(|i| i == 6).collect();
    let (decoded, cells) = run(&table, &(printed, breaks), &[]);
    assert!(matches!(decoded, Decoded::One(_)), "{decoded:?}");
    assert_eq!(cells, truth(&table, &[]));
}

#[test]
fn refuses_a_table_whose_sums_break() {
    let mut table = table_with_totals(&[vec![3, 1, 4], vec![1, 5, 9], vec![2, 6, 5]]);
    table[1][3] += 1;
    let printed = order_breaks(4, 4, &[0], 2);
    assert_eq!(run(&table, &printed, &[]).0, Decoded::Nothing);
}

#[test]
fn refuses_two_readings_that_both_keep_the_rule() {
    // (0,0) + (1,1) = 14: 6 and 7 may go to (0,1) and (1,0) either way.
    let values: Vec<Decimal> = [5, 6, 7, 9].map(Decimal::from).to_vec();
    let check = Check {
        terms: vec![(0, 1), (3, 1)],
        constant: Decimal::from(-14),
    };
    let decoded = decode(Problem {
        rows: 2,
        cols: 2,
        values: &values,
        ids: &[5, 6, 7, 9],
        checks: &[check],
        breaks: &[false; 4],
    });
    assert_eq!(decoded, Decoded::Several);
}

#[test]
fn zeros_in_any_order_are_one_reading() {
    let table = table_with_totals(&[vec![0, 0, 7], vec![0, 2, 0], vec![4, 0, 0], vec![0, 0, 1]]);
    let printed = order_breaks(5, 4, &[1, 0, 2], 2);
    let (decoded, cells) = run(&table, &printed, &[]);
    assert!(matches!(decoded, Decoded::One(_)), "{decoded:?}");
    assert_eq!(cells, truth(&table, &[]));
}

#[test]
fn a_run_shorter_than_its_table_is_not_read() {
    // A zero dropped among zeros: blank or 0 in either cell keeps every sum (and blanks are
    // never placed by the order: see MAX_BLANKS).
    let table = table_with_totals(&[vec![0, 0, 7], vec![0, 2, 0], vec![4, 0, 0], vec![0, 0, 1]]);
    let printed = order_breaks(5, 4, &[0], 2);
    let (decoded, _) = run(&table, &printed, &[(0, 0)]);
    assert_ne!(decoded, Decoded::Nothing);
    assert!(!matches!(decoded, Decoded::One(_)), "{decoded:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the table, the order and the cells left out, a reading placed is the table's own.
    #[test]
    fn placed_cells_are_always_the_tables_own_values(
        inner in (2usize..6, 2usize..4).prop_flat_map(|(r, c)| {
            proptest::collection::vec(proptest::collection::vec(
                prop_oneof![3 => Just(0u32), 2 => 1u32..4, 1 => 4u32..40], c), r)
        }),
        picks in proptest::collection::vec(0usize..8, 1..40),
        drops in proptest::collection::vec((0usize..8, 0usize..8), 0..3),
    ) {
        let table = table_with_totals(&inner);
        let (rows, cols) = (table.len(), table[0].len());
        let printed = order_breaks(rows, cols, &picks, MAX_DESCENTS);
        let mut dropped: Vec<(usize, usize)> =
            drops.iter().map(|&(r, c)| (r % rows, c % cols)).collect();
        dropped.sort();
        dropped.dedup();
        let (decoded, cells) = run(&table, &printed, &dropped);
        // A square table with totals both ways also reads transposed (table 三 is 25 × 7).
        prop_assume!(rows != cols);
        if let Decoded::One(_) = decoded {
            prop_assert_eq!(cells, truth(&table, &dropped));
        }
        if dropped.is_empty() {
            prop_assert_ne!(decoded, Decoded::Nothing);
        }
    }

    /// A table of distinct-enough values printed in any such order is read back whole.
    #[test]
    fn consistent_tables_in_any_printed_order_decode_exactly(
        inner in (5usize..9, 2usize..4).prop_flat_map(|(r, c)| {
            proptest::collection::vec(proptest::collection::vec(1u32..1000, c), r)
        }),
        picks in proptest::collection::vec(0usize..8, 1..40),
    ) {
        // Distinct values (equal ones may trade places and keep every sum), more rows than
        // columns (a square table with totals both ways reads transposed too).
        let inner: Vec<Vec<u32>> = (inner.iter().enumerate())
            .map(|(r, row)| {
                (row.iter().enumerate())
                    .map(|(c, v)| v + 1000 * (r * row.len() + c) as u32)
                    .collect()
            })
            .collect();
        let table = table_with_totals(&inner);
        let printed = order_breaks(table.len(), table[0].len(), &picks, 2);
        let (decoded, cells) = run(&table, &printed, &[]);
        prop_assert!(matches!(decoded, Decoded::One(_)), "{:?}", decoded);
        prop_assert_eq!(cells, truth(&table, &[]));
    }
}
