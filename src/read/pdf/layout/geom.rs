//! Boxes on a page (points, top-left origin, y down) and the one-dimensional clustering that
//! snaps nearly equal coordinates together, shared by the table and line steps.

use crate::document::Place;
use crate::read::pdf::page::Glyph;

/// An axis-parallel box.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(super) struct Rect {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

impl Rect {
    /// The box of a glyph (edges put in order).
    pub fn of_glyph(g: &Glyph) -> Rect {
        Rect {
            x0: g.x0.min(g.x1),
            top: g.top.min(g.bottom),
            x1: g.x0.max(g.x1),
            bottom: g.top.max(g.bottom),
        }
    }

    /// The smallest box around all `rects` (an empty box at 0 when there are none).
    pub fn around(rects: impl IntoIterator<Item = Rect>) -> Rect {
        rects
            .into_iter()
            .reduce(|a, b| Rect {
                x0: a.x0.min(b.x0),
                top: a.top.min(b.top),
                x1: a.x1.max(b.x1),
                bottom: a.bottom.max(b.bottom),
            })
            .unwrap_or_default()
    }

    /// Horizontal centre.
    pub fn cx(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }

    /// Vertical centre.
    pub fn cy(&self) -> f64 {
        (self.top + self.bottom) / 2.0
    }

    /// Width.
    pub fn width(&self) -> f64 {
        self.x1 - self.x0
    }

    /// Height.
    pub fn height(&self) -> f64 {
        self.bottom - self.top
    }

    /// True when the point lies inside the box grown by `tol` on every side.
    pub fn contains(&self, x: f64, y: f64, tol: f64) -> bool {
        x >= self.x0 - tol && x <= self.x1 + tol && y >= self.top - tol && y <= self.bottom + tol
    }

    /// The place of the box's top-left corner on page `page`.
    pub fn place(&self, page: usize) -> Place {
        Place::Pdf {
            page,
            x: round(self.x0),
            y: round(self.top),
        }
    }
}

fn round(v: f64) -> i32 {
    if v.is_finite() {
        v.round().clamp(i32::MIN as f64, i32::MAX as f64) as i32
    } else {
        0
    }
}

/// Clusters sorted-or-not values: a value joins the cluster of the value before it (in sorted
/// order) when it is within `tol` of it, as pdfplumber's `cluster_list` does. Returns the
/// cluster means in increasing order and, for each input value, its cluster's index.
pub(super) fn cluster(values: &[f64], tol: f64) -> (Vec<f64>, Vec<usize>) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut means = Vec::new();
    let mut index = vec![0; values.len()];
    let mut sum = 0.0;
    let mut count = 0usize;
    let mut last = f64::NEG_INFINITY;
    for &i in &order {
        let v = values[i];
        if count > 0 && v - last > tol {
            means.push(sum / count as f64);
            sum = 0.0;
            count = 0;
        }
        sum += v;
        count += 1;
        last = v;
        index[i] = means.len();
    }
    if count > 0 {
        means.push(sum / count as f64);
    }
    (means, index)
}

/// Index of the interval of sorted `edges` that holds `v` (edges[i] ≤ v < edges[i + 1]), or
/// `None` outside them.
pub(super) fn interval(edges: &[f64], v: f64) -> Option<usize> {
    let i = edges.partition_point(|e| *e <= v);
    (i > 0 && i < edges.len()).then(|| i - 1)
}

/// Index of the edge in sorted `edges` within `tol` of `v`.
pub(super) fn edge_index(edges: &[f64], v: f64, tol: f64) -> Option<usize> {
    let i = edges.partition_point(|e| *e < v - tol);
    (i < edges.len() && (edges[i] - v).abs() <= tol).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_chains_of_close_values_to_their_mean() {
        let (means, index) = cluster(&[10.0, 50.0, 11.0, 12.5, 49.0], 2.0);
        assert_eq!(means, vec![11.166666666666666, 49.5]);
        assert_eq!(index, vec![0, 1, 0, 0, 1]);
    }

    #[test]
    fn finds_intervals_and_edges() {
        let edges = [0.0, 10.0, 20.0];
        assert_eq!(interval(&edges, 5.0), Some(0));
        assert_eq!(interval(&edges, 10.0), Some(1));
        assert_eq!(interval(&edges, 25.0), None);
        assert_eq!(edge_index(&edges, 10.8, 1.0), Some(1));
        assert_eq!(edge_index(&edges, 15.0, 1.0), None);
    }
}
