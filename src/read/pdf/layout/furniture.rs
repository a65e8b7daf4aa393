//! Page furniture: running headers, footers and page numbers, told by where they stand (the
//! outermost lines of the top or bottom band of the page) and by what they are — a page-number
//! shape ("-3-", "— 4 —", "第 3 页", "3/12", "Page 3"), a bare number that follows the page
//! numbers, or a text repeated in the same band on most pages — so that a number of the body is
//! never taken for one.

use super::lines::Line;
use std::collections::HashMap;

/// The share of the page height at the top and at the bottom where furniture stands.
const BAND: f64 = 0.1;

/// Which lines of each page are furniture: `pages[i]` holds the lines of page `i + 1` (all
/// glyphs, top to bottom) and `heights[i]` its height; `in_table(page, line)` says whether a
/// line lies in a ruled table (a repeated text there is a repeated header row, not furniture).
/// Returns, per page, the indices of the furniture lines.
pub(super) fn find(
    pages: &[Vec<Line<'_>>],
    heights: &[f64],
    in_table: impl Fn(usize, &Line<'_>) -> bool,
) -> Vec<Vec<usize>> {
    // The candidate lines: from each edge of the page inwards, the lines in the band.
    let mut candidates: Vec<Vec<(usize, String, bool)>> = Vec::with_capacity(pages.len());
    let mut repeats: HashMap<(bool, String), usize> = HashMap::new();
    for (lines, &height) in pages.iter().zip(heights) {
        let mut page = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            let top_band = l.rect.bottom <= height * BAND;
            let bottom_band = l.rect.top >= height * (1.0 - BAND);
            if top_band || bottom_band {
                page.push((i, l.text(), top_band));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for (_, text, top) in &page {
            if seen.insert((*top, masked(text))) {
                *repeats.entry((*top, masked(text))).or_default() += 1;
            }
        }
        candidates.push(page);
    }
    let offsets = page_number_offsets(&candidates);
    let need = (pages.len() / 2).max(2);
    let mut out = Vec::with_capacity(pages.len());
    for (p, (lines, page)) in pages.iter().zip(&candidates).enumerate() {
        let is_furniture = |(i, text, top): &(usize, String, bool)| {
            page_number_shape(text)
                || bare_number(text).is_some_and(|n| offsets.contains(&(n as i64 - p as i64)))
                || (bare_number(text).is_none()
                    && !in_table(p, &lines[*i])
                    && repeats
                        .get(&(*top, masked(text)))
                        .is_some_and(|&n| n >= need))
        };
        let mut drop = Vec::new();
        // Outermost first: stop at the first line of the band that is not furniture.
        for c in page.iter().filter(|c| c.2) {
            if !is_furniture(c) {
                break;
            }
            drop.push(c.0);
        }
        for c in page.iter().rev().filter(|c| !c.2) {
            if !is_furniture(c) {
                break;
            }
            drop.push(c.0);
        }
        out.push(drop);
    }
    out
}

/// The text with every run of digits replaced by one `#` and spaces dropped, so "第 3 页" on
/// one page and "第 4 页" on the next are the same furniture.
fn masked(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The page-number offsets (number printed − page index) that bare numbers in the bands show
/// on at least two pages: a bare "3" is a page number only where page numbers run on.
fn page_number_offsets(candidates: &[Vec<(usize, String, bool)>]) -> Vec<i64> {
    let mut count: HashMap<i64, usize> = HashMap::new();
    for (p, page) in candidates.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for (_, text, _) in page {
            if let Some(n) = bare_number(text) {
                let offset = n as i64 - p as i64;
                if seen.insert(offset) {
                    *count.entry(offset).or_default() += 1;
                }
            }
        }
    }
    count
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(o, _)| o)
        .collect()
}

/// The number of a line that is only a number (up to five digits).
fn bare_number(text: &str) -> Option<u32> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 5 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// True for the shapes page numbers are printed in: a number between dashes ("-3-", "— 4 —",
/// "–5–"), "第 3 页" (with "共 12 页" after it or not), "3/12", "3 / 12", "Page 3", "Page 3 of
/// 12". A number alone is not enough (see [`bare_number`]).
fn page_number_shape(text: &str) -> bool {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let dashes = |c: char| matches!(c, '-' | '—' | '–' | '－' | '─' | '―');
    let digits = |s: &str| !s.is_empty() && s.len() <= 5 && s.bytes().all(|b| b.is_ascii_digit());
    // -3-, — 4 —
    let inner = t.trim_start_matches(dashes);
    if inner.len() < t.len() {
        let core = inner.trim_end_matches(dashes);
        if core.len() < inner.len() && digits(core) {
            return true;
        }
    }
    // 第3页, 第3页共12页, 第3页/共12页
    if let Some(rest) = t.strip_prefix('第')
        && let Some((n, after)) = rest.split_once('页')
        && digits(n)
    {
        let after = after.trim_start_matches(['/', '，', ',', '、']);
        if after.is_empty() {
            return true;
        }
        if let Some(total) = after.strip_prefix('共').and_then(|a| a.strip_suffix('页')) {
            return digits(total);
        }
    }
    // 3/12
    if let Some((a, b)) = t.split_once('/')
        && digits(a)
        && digits(b)
    {
        return a.parse::<u32>().ok() <= b.parse::<u32>().ok();
    }
    // Page 3, Page 3 of 12
    let lower = t.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => digits(a) && digits(b),
            None => digits(rest),
        };
    }
    false
}

#[cfg(test)]
mod tests {
    use super::super::lines::{self, tests::run};
    use super::*;
    use crate::read::pdf::page::Glyph;

    #[test]
    fn knows_page_number_shapes() {
        for yes in [
            "-3-",
            "— 4 —",
            "第 3 页",
            "第3页 共12页",
            "3/12",
            "3 / 12",
            "Page 3",
            "- 12 -",
        ] {
            assert!(page_number_shape(yes), "{yes}");
        }
        for no in [
            "3",
            "2023",
            "12/3",
            "第三页",
            "一、总体情况",
            "-",
            "0533—2867267",
        ] {
            assert!(!page_number_shape(no), "{no}");
        }
    }

    /// Pages of `lines` (text, top) each, 800 points high.
    fn pages(texts: &[&[(&str, f64)]]) -> Vec<Vec<Glyph>> {
        texts
            .iter()
            .map(|lines| {
                lines
                    .iter()
                    .flat_map(|(t, top)| run(t, 100.0, *top, 10.0))
                    .collect()
            })
            .collect()
    }

    fn dropped(texts: &[&[(&str, f64)]]) -> Vec<Vec<String>> {
        let glyphs = pages(texts);
        let lines: Vec<Vec<Line<'_>>> = glyphs.iter().map(lines::build).collect();
        let heights = vec![800.0; lines.len()];
        let found = find(&lines, &heights, |_, _| false);
        found
            .iter()
            .zip(&lines)
            .map(|(idx, ls)| idx.iter().map(|&i| ls[i].text()).collect())
            .collect()
    }

    #[test]
    fn drops_page_numbers_and_repeated_headers_but_not_body_numbers() {
        let got = dropped(&[
            &[
                ("某某局年度报告", 20.0),
                ("正文", 100.0),
                ("12", 700.0),
                ("- 1 -", 770.0),
            ],
            &[("某某局年度报告", 20.0), ("正文", 100.0), ("- 2 -", 770.0)],
            &[("某某局年度报告", 20.0), ("正文", 100.0), ("- 3 -", 770.0)],
        ]);
        assert_eq!(got[0], ["某某局年度报告", "- 1 -"]);
        assert_eq!(got[1], ["某某局年度报告", "- 2 -"]);
    }

    #[test]
    fn a_bare_number_is_a_page_number_only_when_numbers_run_with_the_pages() {
        let got = dropped(&[
            &[("正文", 100.0), ("3", 780.0)],
            &[("正文", 100.0), ("4", 780.0)],
        ]);
        assert_eq!(got, [vec!["3".to_string()], vec!["4".to_string()]]);
        let got = dropped(&[
            &[("正文", 100.0), ("0", 780.0)],
            &[("正文", 100.0), ("7", 780.0)],
        ]);
        assert!(got.iter().all(Vec::is_empty), "{got:?}");
    }

    #[test]
    fn a_body_line_below_the_footer_band_edge_stops_the_search() {
        // A number of the body in the band but inside the page-number line: kept.
        let got = dropped(&[
            &[
                ("正文", 100.0),
                ("合计", 730.0),
                ("5", 745.0),
                ("第 1 页", 780.0),
            ],
            &[("正文", 100.0), ("第 2 页", 780.0)],
        ]);
        assert_eq!(got[0], ["第1页"]);
    }
}
