//! Which cell each value belongs to when a table was printed cell by cell in the order a PDF drew
//! it (poppler's `pdftotext` in its default mode): every such order seen puts a cell after the
//! cell above it and the cell left of it (a linear extension of the grid), in three moves — the
//! next cell to the right, the next cell of the row below, or back to the first row not complete
//! (a staircase on a page with tall label cells, rows on the next pages, column pairs at the end).
//! A step back of more than one row comes only where text broke the run of values (the header
//! of a page). Every reading in those moves is tried, cut short as soon as a sum rule whose cells
//! are all placed fails, or a rule with one cell left needs a value no longer to come; a reading
//! is established only when exactly one valuation keeps every rule. Knows no standard: cells are
//! (row, column) of a grid, rules are signed sums of cells.

#[cfg(test)]
mod tests;

use foldhash::{HashMap, HashMapExt};
use rust_decimal::Decimal;

/// One rule over the grid: the signed sum of its cells plus `constant` is zero.
#[derive(Debug, Clone)]
pub struct Check {
    /// (cell index `row * cols + col`, +1 or -1).
    pub terms: Vec<(usize, i8)>,
    /// Cells outside the grid already known (with their signs).
    pub constant: Decimal,
}

/// A run of values to spread over a grid.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    /// Rows of the grid.
    pub rows: usize,
    /// Columns of every row.
    pub cols: usize,
    /// The values in printed order.
    pub values: &'a [Decimal],
    /// What each value is as printed (equal ids for equal texts): readings that differ only in
    /// which of two equal values went where are one reading.
    pub ids: &'a [u32],
    /// The sum rules.
    pub checks: &'a [Check],
    /// For each value, whether text was printed right before it (a header, a page's end): the
    /// only places where the order steps back more than one row.
    pub breaks: &'a [bool],
}

/// What the search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decoded {
    /// Exactly one valuation keeps every rule: for each cell (row-major), the index of its value
    /// in the run, or `None` for a cell printed blank (the run is shorter than the grid).
    One(Vec<Option<usize>>),
    /// No reading keeps every rule.
    Nothing,
    /// At least two readings with different cell values keep every rule.
    Several,
    /// The search went over its budget: nothing established.
    TooLarge,
}

/// Most rows partly read at once. The orders pdftotext prints keep at most 5 rows open (a
/// staircase of tall label cells) — 9 in a file whose first column was printed apart.
pub const MAX_OPEN_ROWS: usize = 5;

/// Most times the printed order steps back more than one row (a staircase of tall label cells
/// steps back once per band; the last rows printed in column pairs step back one row, free).
pub const MAX_DESCENTS: u8 = 10;

/// Most cells printed blank (the run shorter than the grid) that are placed by the sums: none.
/// A blank may trade places with a 0 or shift a sparse table's values and keep every sum, and
/// the fewest-steps-back reading is then not always the printed one (found by the property test).
pub const MAX_BLANKS: usize = 0;

/// Node budget of one decoding (distinct states visited, over all its searches).
pub const BUDGET: usize = 300_000;

#[derive(Clone, Copy)]
struct Completion {
    /// (row, blank, child node, child's completion) — `None` at the end.
    step: Option<(u8, bool, u32, u8)>,
    /// Order-free hash of the valuation (sum of per-cell hashes, two lanes).
    hash: (u64, u64),
}

/// A state of the search (shape, blanks used, last cell, steps back, running sums) as a 128-bit
/// fingerprint: the states themselves took 800 bytes each.
type Key = (u64, u64);

struct Search<'a> {
    p: Problem<'a>,
    blanks: usize,
    /// For each cell, the checks it is in (check index, sign).
    of_cell: Vec<Vec<(usize, i8)>>,
    /// Per check: its running sum and its cells still unplaced.
    acc: Vec<Decimal>,
    left: Vec<usize>,
    /// Per check: the sum of the signs of its cells still unplaced.
    left_sign: Vec<i32>,
    /// Every value is ≥ 0 (a cell a rule still needs must then be a value still to come).
    non_negative: bool,
    /// The last index at which each value is printed.
    last_at: HashMap<Decimal, usize>,
    shape: Vec<u8>,
    used_blanks: usize,
    /// The cell the last value went to (row-major index) and the steps back taken so far.
    last: usize,
    descents: u8,
    max_descents: u8,
    budget: usize,
    memo: HashMap<Key, u32>,
    nodes: Vec<Vec<Completion>>,
    /// Shape of each node (for the reading's reconstruction).
    shapes: Vec<(Vec<u8>, usize)>,
    stop: Option<Decoded>,
}

fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Hash of "cell holds the value printed as `id`" (`u32::MAX` for blank).
fn cell_hash(cell: usize, id: u32) -> (u64, u64) {
    let key = ((cell as u64) << 32) | u64::from(id);
    (mix(key), mix(key ^ 0x5555_AAAA_0F0F_F0F0))
}

/// Spreads the run over the grid: the one valuation (if exactly one) that keeps a linear
/// extension of the grid in the moves pdftotext prints, stepping back more than one row only
/// where text broke the run, and keeps every check; blanks fill the cells the run is short of.
pub fn decode(p: Problem) -> Decoded {
    let cells = p.rows * p.cols;
    if p.rows == 0 || p.cols == 0 || p.cols > usize::from(u8::MAX) || p.values.len() > cells {
        return Decoded::Nothing;
    }
    if cells - p.values.len() > MAX_BLANKS {
        return Decoded::TooLarge;
    }
    search(p, MAX_DESCENTS, BUDGET).0
}

/// One search with at most `max_descents` steps back and `budget` nodes; with the nodes spent.
fn search(p: Problem, max_descents: u8, budget: usize) -> (Decoded, usize) {
    let cells = p.rows * p.cols;
    let mut of_cell = vec![Vec::new(); cells];
    let mut left = vec![0; p.checks.len()];
    let mut left_sign = vec![0; p.checks.len()];
    for (ci, c) in p.checks.iter().enumerate() {
        for &(cell, sign) in &c.terms {
            if cell < cells {
                of_cell[cell].push((ci, sign));
                left[ci] += 1;
                left_sign[ci] += i32::from(sign);
            }
        }
    }
    let mut last_at = HashMap::new();
    for (i, v) in p.values.iter().enumerate() {
        last_at.insert(v.normalize(), i);
    }
    let mut s = Search {
        left_sign,
        non_negative: p.values.iter().all(|v| !v.is_sign_negative()),
        last_at,
        p,
        blanks: cells - p.values.len(),
        of_cell,
        acc: p.checks.iter().map(|c| c.constant).collect(),
        left,
        shape: vec![0; p.rows],
        used_blanks: 0,
        last: 0,
        descents: 0,
        max_descents,
        budget,
        memo: HashMap::new(),
        nodes: Vec::new(),
        shapes: Vec::new(),
        stop: None,
    };
    // A check with no cell of the grid is decided already.
    if (0..p.checks.len()).any(|ci| s.left[ci] == 0 && !s.acc[ci].is_zero()) {
        return (Decoded::Nothing, 0);
    }
    let root = s.visit();
    let spent = s.nodes.len();
    if let Some(stop) = s.stop {
        return (stop, spent);
    }
    let got = match s.nodes[root as usize].len() {
        0 => Decoded::Nothing,
        1 => Decoded::One(s.reading(root)),
        _ => Decoded::Several,
    };
    (got, spent)
}

impl Search<'_> {
    /// The fingerprint of the current state.
    fn key(&self) -> Key {
        use std::hash::{Hash, Hasher};
        let lane = |seed: u64| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            seed.hash(&mut h);
            self.shape.hash(&mut h);
            (self.used_blanks, self.last, self.descents).hash(&mut h);
            for a in &self.acc {
                a.normalize().hash(&mut h);
            }
            h.finish()
        };
        (lane(1), lane(2))
    }

    /// The first cell (row-major) not placed yet.
    fn first_unplaced(&self) -> usize {
        (0..self.p.rows)
            .find(|&r| usize::from(self.shape[r]) < self.p.cols)
            .map_or(usize::MAX, |r| r * self.p.cols + usize::from(self.shape[r]))
    }

    fn placed(&self) -> usize {
        self.shape.iter().map(|&s| usize::from(s)).sum()
    }

    /// Puts `value` into the next cell of `row`; false when a check whose cells are now all
    /// placed fails (the move is applied all the same: undo with [`Search::take`]).
    /// `next` is the index of the next value to print after this move.
    fn put(&mut self, row: usize, value: Decimal, next: usize) -> bool {
        let cell = row * self.p.cols + usize::from(self.shape[row]);
        self.shape[row] += 1;
        let mut ok = true;
        for &(ci, sign) in &self.of_cell[cell] {
            if sign > 0 {
                self.acc[ci] += value;
            } else {
                self.acc[ci] -= value;
            }
            self.left[ci] -= 1;
            self.left_sign[ci] -= i32::from(sign);
            match self.left[ci] {
                0 => ok &= self.acc[ci].is_zero(),
                // One cell left: the value it needs must still be to come (values ≥ 0).
                1 if self.non_negative => {
                    let need = if self.left_sign[ci] > 0 {
                        -self.acc[ci]
                    } else {
                        self.acc[ci]
                    };
                    let blank = need.is_zero() && self.used_blanks < self.blanks;
                    let later = self
                        .last_at
                        .get(&need.normalize())
                        .is_some_and(|&i| i >= next);
                    ok &= blank || later;
                }
                _ => {}
            }
        }
        ok
    }

    fn take(&mut self, row: usize, value: Decimal) {
        self.shape[row] -= 1;
        let cell = row * self.p.cols + usize::from(self.shape[row]);
        for &(ci, sign) in &self.of_cell[cell] {
            if sign > 0 {
                self.acc[ci] -= value;
            } else {
                self.acc[ci] += value;
            }
            self.left[ci] += 1;
            self.left_sign[ci] += i32::from(sign);
        }
    }

    /// The rows whose next cell may come now: the cell right of the last one, the next cell of
    /// the row below it, or the next cell of the first row not complete (a step back to it) —
    /// the moves of the orders pdftotext prints (row by row, a staircase of bands, column pairs) —
    /// each only when the cell above it is placed.
    fn open_rows(&self) -> Vec<usize> {
        let cols = self.p.cols as u8;
        let partly = self.shape.iter().filter(|&&s| s > 0 && s < cols).count();
        let here = self.last / self.p.cols;
        let first = (0..self.p.rows).find(|&r| self.shape[r] < cols);
        let mut out: Vec<usize> = Vec::with_capacity(3);
        for r in [Some(here), Some(here + 1), first].into_iter().flatten() {
            let ok = r < self.p.rows && {
                let s = self.shape[r];
                s < cols && (r == 0 || self.shape[r - 1] > s) && (s > 0 || partly < MAX_OPEN_ROWS)
            };
            if ok && !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }

    /// Visits the current state; returns its node (its distinct completions, at most two).
    fn visit(&mut self) -> u32 {
        let key = self.key();
        if let Some(&n) = self.memo.get(&key) {
            return n;
        }
        let id = self.nodes.len() as u32;
        self.nodes.push(Vec::new());
        self.shapes.push((self.shape.clone(), self.used_blanks));
        self.memo.insert(key, id);
        if self.nodes.len() > self.budget {
            self.stop = Some(Decoded::TooLarge);
            return id;
        }
        let k = self.placed() - self.used_blanks;
        if self.placed() == self.p.rows * self.p.cols {
            self.nodes[id as usize].push(Completion {
                step: None,
                hash: (0, 0),
            });
            return id;
        }
        let mut outs: Vec<Completion> = Vec::new();
        for row in self.open_rows() {
            let cell = row * self.p.cols + usize::from(self.shape[row]);
            let mut moves: Vec<(bool, Decimal, u32)> = Vec::with_capacity(2);
            if k < self.p.values.len() {
                moves.push((false, self.p.values[k], self.p.ids[k]));
            }
            if self.used_blanks < self.blanks {
                moves.push((true, Decimal::ZERO, u32::MAX));
            }
            for (blank, value, vid) in moves {
                // A step back of one row (the last rows printed in column pairs) is free.
                let back = !blank && self.placed() > 0 && row + 1 < self.last / self.p.cols;
                let at_break = self.p.breaks.get(k).copied().unwrap_or(false);
                if back && (self.descents >= self.max_descents || !at_break) {
                    continue;
                }
                let (last, descents) = (self.last, self.descents);
                if !blank {
                    self.last = cell;
                    self.descents += u8::from(back);
                }
                self.used_blanks += usize::from(blank);
                let mut ok = self.put(row, value, k + usize::from(!blank));
                // A row left behind is printed later, after a step back: none left, none
                // left behind (but the row right above, one step back being free).
                if self.descents >= self.max_descents
                    && self.used_blanks >= self.blanks
                    && self.first_unplaced() / self.p.cols + 1 < self.last / self.p.cols
                {
                    ok = false;
                }
                if ok {
                    let child = self.visit();
                    if self.stop.is_some() {
                        return id;
                    }
                    let here = cell_hash(cell, vid);
                    for (i, c) in self.nodes[child as usize].iter().enumerate() {
                        let hash = (c.hash.0.wrapping_add(here.0), c.hash.1.wrapping_add(here.1));
                        if !outs.iter().any(|o| o.hash == hash) {
                            outs.push(Completion {
                                step: Some((row as u8, blank, child, i as u8)),
                                hash,
                            });
                        }
                    }
                }
                self.used_blanks -= usize::from(blank);
                self.take(row, value);
                (self.last, self.descents) = (last, descents);
                if outs.len() > 1 {
                    // Two distinct completions of a reachable state: two readings.
                    self.stop = Some(Decoded::Several);
                    return id;
                }
            }
        }
        self.nodes[id as usize] = outs;
        id
    }

    /// The valuation of the one completion from `node`.
    fn reading(&self, root: u32) -> Vec<Option<usize>> {
        let cols = self.p.cols;
        let mut out = vec![None; self.p.rows * cols];
        let (mut node, mut idx) = (root, 0u8);
        while let Some((row, blank, child, next)) = self.nodes[node as usize][idx as usize].step {
            let (shape, used) = &self.shapes[node as usize];
            let placed: usize = shape.iter().map(|&s| usize::from(s)).sum();
            let cell = usize::from(row) * cols + usize::from(shape[usize::from(row)]);
            if !blank {
                out[cell] = Some(placed - used);
            }
            node = child;
            idx = next;
        }
        out
    }
}
