//! Ruled tables: ruling segments snapped and joined as pdfplumber does (snap and join tolerance
//! 3 pt, segments shorter than 3 pt dropped), their crossings found, each cell the smallest
//! rectangle whose four sides are drawn, and cells that share corners gathered into tables.

use super::geom::{Rect, cluster};
use crate::read::pdf::page::Rule;
use std::collections::HashMap;

/// Segments closer than this (points) are snapped onto one line.
const SNAP: f64 = 3.0;
/// Collinear segments with gaps up to this (points) are joined.
const JOIN: f64 = 3.0;
/// Segments shorter than this after joining are not table edges.
const MIN_LENGTH: f64 = 3.0;
/// A vertical and a horizontal segment cross when they come this close (points).
const CROSS: f64 = 3.0;
/// A rule thinner than this is a line; a thicker one is a box with four edges.
const THIN: f64 = 3.0;

/// A table found from ruling lines: its cells as boxes (each cell at most once).
#[derive(Debug, Clone)]
pub(super) struct Ruled {
    /// The cells, each the smallest closed rectangle of the ruling.
    pub cells: Vec<Rect>,
    /// For each cell, whether its top and its bottom are open (not drawn: the table was cut
    /// there by a page break and the layout closed it).
    pub open: Vec<(bool, bool)>,
    /// The box around all cells.
    pub bbox: Rect,
}

/// A segment on a snapped line: `at` is the line's cluster index, `from..to` its extent;
/// `drawn` is false for an edge the layout added to close a table cut open.
#[derive(Debug, Clone, Copy)]
struct Segment {
    at: usize,
    from: f64,
    to: f64,
    drawn: bool,
}

/// A raw segment: position across, extent along, drawn or added.
type Raw = (f64, f64, f64, bool);

/// The tables drawn by `rules` (tables of one cell, a framed box, are left out). Where several
/// vertical lines end at the same height with no horizontal line there (a table cut by a page
/// break, or drawn without its outer rule), a horizontal edge closes them.
pub(super) fn tables(rules: &[Rule]) -> Vec<Ruled> {
    let mut horizontal: Vec<Raw> = Vec::new();
    let mut vertical: Vec<Raw> = Vec::new();
    for r in rules {
        if ![r.x0, r.x1, r.top, r.bottom].iter().all(|v| v.is_finite()) {
            continue;
        }
        let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
        let (top, bottom) = (r.top.min(r.bottom), r.top.max(r.bottom));
        let (w, h) = (x1 - x0, bottom - top);
        if h <= THIN && w > h {
            horizontal.push(((top + bottom) / 2.0, x0, x1, true));
        } else if w <= THIN && h > w {
            vertical.push(((x0 + x1) / 2.0, top, bottom, true));
        } else if w > THIN && h > THIN {
            horizontal.push((top, x0, x1, true));
            horizontal.push((bottom, x0, x1, true));
            vertical.push((x0, top, bottom, true));
            vertical.push((x1, top, bottom, true));
        }
    }
    let mut h = snap_and_join(&horizontal);
    let v = snap_and_join(&vertical);
    let closing = open_ends(&h.means, &h.segments, &v.means, &v.segments);
    if !closing.is_empty() {
        horizontal.extend(closing);
        h = snap_and_join(&horizontal);
    }
    let points = crossings(&h.means, &h.segments, &v.means, &v.segments);
    let (cells, open) = cells(&points, &h, &v.means);
    let (cells, open) = drop_containers(cells, open);
    group(cells, open)
}

/// Horizontal edges closing vertical lines that end, two or more at the same height, where no
/// horizontal line is.
fn open_ends(ys: &[f64], horizontal: &[Segment], xs: &[f64], vertical: &[Segment]) -> Vec<Raw> {
    let meets = |x: f64, y: f64| {
        let start = horizontal.partition_point(|h| ys[h.at] < y - CROSS);
        horizontal[start..]
            .iter()
            .take_while(|h| ys[h.at] <= y + CROSS)
            .any(|h| x >= h.from - CROSS && x <= h.to + CROSS)
    };
    let mut out = Vec::new();
    for top in [true, false] {
        let ends: Vec<(f64, f64)> = vertical
            .iter()
            .map(|v| (xs[v.at], if top { v.from } else { v.to }))
            .filter(|&(x, y)| !meets(x, y))
            .collect();
        let (means, index) = cluster(&ends.iter().map(|e| e.1).collect::<Vec<_>>(), SNAP);
        for (k, y) in means.iter().enumerate() {
            let xs_here: Vec<f64> = ends
                .iter()
                .zip(&index)
                .filter(|(_, i)| **i == k)
                .map(|(e, _)| e.0)
                .collect();
            if xs_here.len() >= 2 {
                let from = xs_here.iter().copied().fold(f64::INFINITY, f64::min);
                let to = xs_here.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                out.push((*y, from, to, false));
            }
        }
    }
    out
}

/// Snaps segments `(position, from, to, drawn)` to clustered positions, then joins collinear
/// ones.
fn snap_and_join(segments: &[Raw]) -> Snapped {
    let positions: Vec<f64> = segments.iter().map(|s| s.0).collect();
    let (means, index) = cluster(&positions, SNAP);
    let mut snapped: Vec<Segment> = segments
        .iter()
        .zip(&index)
        .map(|(s, &at)| Segment {
            at,
            from: s.1,
            to: s.2,
            drawn: s.3,
        })
        .collect();
    snapped.sort_by(|a, b| a.at.cmp(&b.at).then(a.from.total_cmp(&b.from)));
    let mut joined: Vec<Segment> = Vec::new();
    // Per line, the extents actually drawn (an added closing edge is not drawn).
    let mut drawn: Vec<Vec<(f64, f64)>> = vec![Vec::new(); means.len()];
    for s in snapped {
        if s.drawn {
            let pieces = &mut drawn[s.at];
            match pieces.last_mut() {
                Some(last) if s.from <= last.1 => last.1 = last.1.max(s.to),
                _ => pieces.push((s.from, s.to)),
            }
        }
        match joined.last_mut() {
            Some(last) if last.at == s.at && s.from <= last.to + JOIN => {
                last.to = last.to.max(s.to);
            }
            _ => joined.push(s),
        }
    }
    joined.retain(|s| s.to - s.from >= MIN_LENGTH);
    Snapped {
        means,
        segments: joined,
        drawn,
    }
}

/// Segments snapped to lines and joined.
struct Snapped {
    /// The lines' positions, increasing.
    means: Vec<f64>,
    /// The joined segments, by line then start.
    segments: Vec<Segment>,
    /// Per line, the drawn extents (the rest of a segment was added to close a cut table).
    drawn: Vec<Vec<(f64, f64)>>,
}

impl Snapped {
    /// True when less than half of `from..to` on line `at` is drawn.
    fn open(&self, at: usize, from: f64, to: f64) -> bool {
        let covered: f64 = self.drawn[at]
            .iter()
            .map(|&(a, b)| (b.min(to) - a.max(from)).max(0.0))
            .sum();
        covered < 0.5 * (to - from)
    }
}

/// A crossing of a horizontal and a vertical segment, by line indices.
type Point = (usize, usize);

/// Crossings: for each point (x index, y index), the horizontal and vertical segment it lies on.
fn crossings(
    ys: &[f64],
    horizontal: &[Segment],
    xs: &[f64],
    vertical: &[Segment],
) -> HashMap<Point, (usize, usize)> {
    // Horizontal segments are sorted by line, so those within a vertical's reach are a range.
    let mut points = HashMap::new();
    for (vi, v) in vertical.iter().enumerate() {
        let x = xs[v.at];
        let start = horizontal.partition_point(|h| ys[h.at] < v.from - CROSS);
        for (hi, h) in horizontal.iter().enumerate().skip(start) {
            let y = ys[h.at];
            if y > v.to + CROSS {
                break;
            }
            if x >= h.from - CROSS && x <= h.to + CROSS {
                points.entry((v.at, h.at)).or_insert((hi, vi));
            }
        }
    }
    points
}

/// The cells: from each crossing, the nearest crossing below on the same vertical segment and
/// to the right on the same horizontal segment whose far corner closes the rectangle.
/// Also returns, per cell, whether its top and bottom edges are open (added, not drawn).
fn cells(
    points: &HashMap<Point, (usize, usize)>,
    horizontal: &Snapped,
    xs: &[f64],
) -> (Vec<Rect>, Vec<(bool, bool)>) {
    let ys = &horizontal.means;
    let mut by_column: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut by_row: HashMap<usize, Vec<usize>> = HashMap::new();
    for &(x, y) in points.keys() {
        by_column.entry(x).or_default().push(y);
        by_row.entry(y).or_default().push(x);
    }
    by_column.values_mut().for_each(|v| v.sort_unstable());
    by_row.values_mut().for_each(|v| v.sort_unstable());
    let mut sorted: Vec<Point> = points.keys().copied().collect();
    sorted.sort_unstable();
    let mut out = Vec::new();
    let mut open = Vec::new();
    for &(x, y) in &sorted {
        let (h, v) = points[&(x, y)];
        let below = &by_column[&x];
        let right = &by_row[&y];
        let below = &below[below.partition_point(|&b| b <= y)..];
        let right = &right[right.partition_point(|&r| r <= x)..];
        'search: for &by in below {
            if points[&(x, by)].1 != v {
                break;
            }
            for &rx in right {
                if points[&(rx, y)].0 != h {
                    break;
                }
                if let Some(&(ch, cv)) = points.get(&(rx, by))
                    && ch == points[&(x, by)].0
                    && cv == points[&(rx, y)].1
                {
                    out.push(Rect {
                        x0: xs[x],
                        top: ys[y],
                        x1: xs[rx],
                        bottom: ys[by],
                    });
                    open.push((
                        horizontal.open(y, xs[x], xs[rx]),
                        horizontal.open(by, xs[x], xs[rx]),
                    ));
                    break 'search;
                }
            }
        }
    }
    (out, open)
}

/// Drops every cell that holds another cell inside it: where a rule is missing in part, the
/// search from one corner finds a rectangle over cells found from other corners, and the text
/// in it would belong to two cells. What only the dropped cell covered is then in no cell (its
/// text left out with a note), never in a neighbour's.
fn drop_containers(cells: Vec<Rect>, open: Vec<(bool, bool)>) -> (Vec<Rect>, Vec<(bool, bool)>) {
    const TOL: f64 = 0.5;
    let mut order: Vec<usize> = (0..cells.len()).collect();
    order.sort_by(|&a, &b| cells[a].x0.total_cmp(&cells[b].x0));
    let mut container = vec![false; cells.len()];
    for (k, &i) in order.iter().enumerate() {
        let c = &cells[i];
        // Cells inside c start at or right of c.x0: from c's place in the order on, until past c.x1.
        let start = order[..k].partition_point(|&j| cells[j].x0 < c.x0 - TOL);
        for &j in order[start..]
            .iter()
            .take_while(|&&j| cells[j].x0 <= c.x1 + TOL)
        {
            let d = &cells[j];
            if j != i
                && d.x0 >= c.x0 - TOL
                && d.x1 <= c.x1 + TOL
                && d.top >= c.top - TOL
                && d.bottom <= c.bottom + TOL
                && (d.width() < c.width() - TOL || d.height() < c.height() - TOL)
            {
                container[i] = true;
                break;
            }
        }
    }
    cells
        .into_iter()
        .zip(open)
        .zip(container)
        .filter(|(_, c)| !c)
        .map(|(pair, _)| pair)
        .unzip()
}

/// Gathers cells that share a corner into tables, top to bottom; drops one-cell tables.
fn group(cells: Vec<Rect>, open: Vec<(bool, bool)>) -> Vec<Ruled> {
    let mut parent: Vec<usize> = (0..cells.len()).collect();
    fn find(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut corner_owner: HashMap<(u64, u64), usize> = HashMap::new();
    for (i, c) in cells.iter().enumerate() {
        for corner in [
            (c.x0, c.top),
            (c.x1, c.top),
            (c.x0, c.bottom),
            (c.x1, c.bottom),
        ] {
            let key = (corner.0.to_bits(), corner.1.to_bits());
            match corner_owner.get(&key) {
                Some(&j) => {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    corner_owner.insert(key, i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Ruled> = HashMap::new();
    for (i, c) in cells.iter().enumerate() {
        let root = find(&mut parent, i);
        let t = groups.entry(root).or_insert_with(|| Ruled {
            cells: Vec::new(),
            open: Vec::new(),
            bbox: *c,
        });
        t.cells.push(*c);
        t.open.push(open[i]);
        t.bbox = Rect::around([t.bbox, *c]);
    }
    let mut tables: Vec<Ruled> = groups.into_values().filter(|t| t.cells.len() > 1).collect();
    tables.sort_by(|a, b| {
        a.bbox
            .top
            .total_cmp(&b.bbox.top)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    tables
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The rules of a grid with vertical lines at `xs` and horizontal lines at `ys`, each
    /// spanning the whole grid.
    pub fn grid_rules(xs: &[f64], ys: &[f64]) -> Vec<Rule> {
        let (left, right) = (xs[0], xs[xs.len() - 1]);
        let (top, bottom) = (ys[0], ys[ys.len() - 1]);
        let mut rules: Vec<Rule> = ys
            .iter()
            .map(|&y| Rule {
                x0: left,
                top: y,
                x1: right,
                bottom: y,
            })
            .collect();
        rules.extend(xs.iter().map(|&x| Rule {
            x0: x,
            top,
            x1: x,
            bottom,
        }));
        rules
    }

    #[test]
    fn finds_the_cells_of_a_full_grid() {
        let t = tables(&grid_rules(&[10.0, 50.0, 90.0], &[10.0, 30.0, 50.0]));
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].cells.len(), 4);
        assert_eq!(
            t[0].bbox,
            Rect {
                x0: 10.0,
                top: 10.0,
                x1: 90.0,
                bottom: 50.0
            }
        );
    }

    #[test]
    fn a_missing_inner_edge_makes_one_wider_cell() {
        let mut rules = grid_rules(&[10.0, 90.0], &[10.0, 30.0, 50.0]);
        // The middle vertical only in the lower row.
        rules.push(Rule {
            x0: 50.0,
            top: 30.0,
            x1: 50.0,
            bottom: 50.0,
        });
        let t = tables(&rules);
        let mut cells = t[0].cells.clone();
        cells.sort_by(|a, b| a.top.total_cmp(&b.top).then(a.x0.total_cmp(&b.x0)));
        assert_eq!(cells.len(), 3);
        assert_eq!((cells[0].x0, cells[0].x1), (10.0, 90.0));
    }

    #[test]
    fn snaps_double_borders_and_joins_broken_segments() {
        // Each cell drawn with its own border a point apart from its neighbour's, as browsers
        // print tables with separate borders, and the top line drawn in two pieces.
        let mut rules = vec![
            Rule {
                x0: 10.0,
                top: 10.0,
                x1: 49.0,
                bottom: 10.75,
            },
            Rule {
                x0: 50.5,
                top: 10.0,
                x1: 90.0,
                bottom: 10.75,
            },
        ];
        rules.extend(
            grid_rules(&[10.0, 49.5, 50.5, 90.0], &[11.0, 30.0])
                .into_iter()
                .skip(1),
        );
        let t = tables(&rules);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].cells.len(), 2, "{:?}", t[0].cells);
    }

    #[test]
    fn a_rectangle_over_other_cells_is_not_a_cell() {
        // The middle horizontal rule only in the right half: the left column is one tall cell,
        // the right column two; no cell may cover the two on the right as well.
        let mut rules = grid_rules(&[10.0, 50.0, 90.0], &[10.0, 50.0]);
        rules.push(Rule {
            x0: 50.0,
            top: 30.0,
            x1: 90.0,
            bottom: 30.0,
        });
        let t = tables(&rules);
        let mut cells = t[0].cells.clone();
        cells.sort_by(|a, b| a.x0.total_cmp(&b.x0).then(a.top.total_cmp(&b.top)));
        let boxes: Vec<(f64, f64, f64, f64)> = cells
            .iter()
            .map(|c| (c.x0, c.top, c.x1, c.bottom))
            .collect();
        assert_eq!(
            boxes,
            [
                (10.0, 10.0, 50.0, 50.0),
                (50.0, 10.0, 90.0, 30.0),
                (50.0, 30.0, 90.0, 50.0)
            ]
        );
    }

    #[test]
    fn a_single_frame_is_not_a_table() {
        assert!(tables(&grid_rules(&[10.0, 90.0], &[10.0, 50.0])).is_empty());
    }

    #[test]
    fn a_filled_box_gives_four_edges() {
        let mut rules = vec![Rule {
            x0: 10.0,
            top: 10.0,
            x1: 90.0,
            bottom: 50.0,
        }];
        rules.push(Rule {
            x0: 50.0,
            top: 10.0,
            x1: 50.0,
            bottom: 50.0,
        });
        assert_eq!(tables(&rules)[0].cells.len(), 2);
    }
}
