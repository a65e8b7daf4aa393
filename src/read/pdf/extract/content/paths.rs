//! Paths into ruling lines: the current path's straight segments, painted by a stroke, become
//! axis-parallel [`Rule`]s with the stroke's width; a filled axis-parallel rectangle thinner
//! than [`THIN_FILL`] becomes one rule (producers draw table borders as thin fills); slanted
//! lines, curves and large filled areas are not rules.

use super::Interpreter;
use crate::read::pdf::page::Rule;

/// Filled rectangles thinner than this (points) are ruling lines.
const THIN_FILL: f64 = 3.0;
/// Most points kept in one path.
pub(super) const MAX_PATH_POINTS: usize = 100_000;

impl Interpreter<'_> {
    pub(super) fn line_to(&mut self, p: (f64, f64)) {
        if self.path_points >= MAX_PATH_POINTS {
            return;
        }
        self.path_points += 1;
        match self.path.last_mut() {
            Some((pts, false)) => pts.push(p),
            _ => self.path.push((vec![p], false)),
        }
    }

    /// A curve ends the straight run: its end point starts a new subpath of its own.
    pub(super) fn curve_to(&mut self, p: (f64, f64)) {
        if self.path_points >= MAX_PATH_POINTS {
            return;
        }
        self.path_points += 1;
        self.path.push((vec![p], false));
    }

    pub(super) fn clear_path(&mut self) {
        self.path.clear();
        self.path_points = 0;
    }

    pub(super) fn paint(&mut self, stroke: bool, fill: bool, close: bool) {
        let path = std::mem::take(&mut self.path);
        self.path_points = 0;
        let scale = (self.state.ctm[0] * self.state.ctm[3] - self.state.ctm[1] * self.state.ctm[2])
            .abs()
            .sqrt();
        let half = (self.state.line_width * scale).max(0.0) / 2.0;
        for (pts, closed) in path {
            if stroke {
                let closing = closed || close;
                let count = pts.len();
                let edges = if closing && count > 2 {
                    count
                } else {
                    count.saturating_sub(1)
                };
                for i in 0..edges {
                    let (a, b) = (pts[i], pts[(i + 1) % count]);
                    self.segment(a, b, half);
                }
            } else if fill
                && let Some((x0, top, x1, bottom)) = rectangle(&pts)
                && (x1 - x0).min(bottom - top) <= THIN_FILL
            {
                self.push_rule(Rule {
                    x0,
                    top,
                    x1,
                    bottom,
                });
            }
        }
    }

    fn segment(&mut self, a: (f64, f64), b: (f64, f64), half: f64) {
        const TOLERANCE: f64 = 0.5;
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
        if (y1 - y0) <= TOLERANCE && x1 - x0 > TOLERANCE {
            let y = (y0 + y1) / 2.0;
            self.push_rule(Rule {
                x0,
                top: y - half,
                x1,
                bottom: y + half,
            });
        } else if (x1 - x0) <= TOLERANCE && y1 - y0 > TOLERANCE {
            let x = (x0 + x1) / 2.0;
            self.push_rule(Rule {
                x0: x - half,
                top: y0,
                x1: x + half,
                bottom: y1,
            });
        }
    }

    fn push_rule(&mut self, rule: Rule) {
        if self.budget.items_left > 0
            && [rule.x0, rule.x1, rule.top, rule.bottom]
                .iter()
                .all(|v| v.is_finite())
        {
            self.budget.items_left -= 1;
            self.out.rules.push(rule);
        }
    }
}

/// The bounds of an axis-parallel rectangle given as 4 (or 5, closed) points.
fn rectangle(pts: &[(f64, f64)]) -> Option<(f64, f64, f64, f64)> {
    let pts = match pts {
        [a, b, c, d, e] if (a.0 - e.0).abs() < 0.01 && (a.1 - e.1).abs() < 0.01 => {
            &[*a, *b, *c, *d][..]
        }
        _ => pts,
    };
    if pts.len() != 4 {
        return None;
    }
    let axis = (0..4).all(|i| {
        let (a, b) = (pts[i], pts[(i + 1) % 4]);
        (a.0 - b.0).abs() < 0.01 || (a.1 - b.1).abs() < 0.01
    });
    if !axis {
        return None;
    }
    let x0 = pts.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let x1 = pts.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let y0 = pts.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let y1 = pts.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    Some((x0, y0, x1, y1))
}
