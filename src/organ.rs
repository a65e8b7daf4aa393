//! Organ names compared across reports: the same organ is written with or without the divisions
//! above it (`淄博市张店区人民政府`, `张店区人民政府`), with spaces or other brackets. Used to pair
//! a report with last year's and to find the same report given twice.
//!
//! The division endings come from the standard's data (`[consistency] divisions`).

/// A name without whitespace, with half-width brackets made full-width.
fn tidy(name: &str) -> Vec<char> {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c,
        })
        .collect()
}

/// The key two names are compared by: the name tidied, without the divisions written before
/// the last one. A division is at least two characters and one of `divisions` that something
/// follows; divisions are taken from the start while they follow one another
/// (`山东省|淄博市|张店区|人民政府` → `张店区人民政府`; `淄博市|市场监督管理局` keeps `淄博市`).
pub fn key(name: &str, divisions: &[String]) -> String {
    let chars = tidy(name);
    let ends_division = |c: char| divisions.iter().any(|d| d.chars().eq(std::iter::once(c)));
    let mut starts = Vec::new();
    let mut pos = 0;
    while let Some(end) =
        (pos + 2..chars.len().saturating_sub(1)).find(|&j| ends_division(chars[j]))
    {
        starts.push(pos);
        pos = end + 1;
    }
    let from = starts.last().copied().unwrap_or(0);
    chars[from..].iter().collect()
}

/// How two organ names relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    /// Written alike (whitespace and brackets aside).
    Same,
    /// The same organ, one written with divisions the other leaves out.
    SameWithDivisions,
    /// Other organs.
    Different,
}

/// Compares two organ names (see [`key`]).
pub fn relation(a: &str, b: &str, divisions: &[String]) -> Relation {
    if tidy(a) == tidy(b) {
        Relation::Same
    } else if key(a, divisions) == key(b, divisions) {
        Relation::SameWithDivisions
    } else {
        Relation::Different
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn divisions() -> Vec<String> {
        ["省", "市", "区", "县", "州", "盟", "旗"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn parent_divisions_written_or_not_are_one_organ() {
        let d = divisions();
        assert_eq!(
            relation("某某市某某区人民政府", "某某区人民政府", &d),
            Relation::SameWithDivisions
        );
        assert_eq!(
            relation("山东省淄博市市场监督管理局", "淄博市 市场监督管理局", &d),
            Relation::SameWithDivisions
        );
        assert_eq!(
            relation("淄博市(本级)", "淄博市（本级）", &d),
            Relation::Same
        );
    }

    #[test]
    fn departments_of_other_cities_stay_apart() {
        let d = divisions();
        assert_eq!(relation("淄博市教育局", "教育局", &d), Relation::Different);
        assert_eq!(
            relation("淄博市张店区人民政府", "淄博市周村区人民政府", &d),
            Relation::Different
        );
        assert_eq!(
            relation("某某区社区服务中心", "社区服务中心", &d),
            Relation::Different
        );
    }
}
