//! The same report given twice: two files of one organ (names compared as in [`crate::organ`])
//! and one year, or two files whose tables hold the same numbers (one report saved in two
//! formats). `collect` marks them, `check` lists them, `merge` refuses them unless allowed —
//! a county summed with one department counted twice is worse off than one told so.

use crate::model::{Report, Value};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Rule id of the finding that a report is given more than once.
pub const RULE: &str = "batch.duplicate";

/// What tells one report from another: organ key, year and the tables' fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The organ as written.
    pub organ: Option<String>,
    /// The organ's comparison key ([`crate::organ::key`]).
    organ_key: Option<String>,
    /// The year.
    pub year: Option<i32>,
    /// A hash of the year and every table value, when some value is a number other than 0
    /// (tables of blanks and zeros are alike in many small offices' reports).
    content: Option<u64>,
}

impl Identity {
    /// The identity of a report; organ names compared with `divisions` (the standard's data).
    pub fn of(report: &Report, divisions: &[String]) -> Identity {
        let mut hasher = DefaultHasher::new();
        let mut telling = false;
        report.format.hash(&mut hasher);
        // Last year's numbers kept in this year's file are another problem, not a duplicate.
        report.meta.year.hash(&mut hasher);
        for (table, rows) in &report.tables {
            for (row, cols) in rows {
                for (col, value) in cols {
                    (table, row, col).hash(&mut hasher);
                    match value {
                        Value::Blank => 0u8.hash(&mut hasher),
                        Value::Number(d) => {
                            telling |= !d.is_zero();
                            1u8.hash(&mut hasher);
                            d.normalize().to_string().hash(&mut hasher);
                        }
                        Value::Text(t) => {
                            2u8.hash(&mut hasher);
                            t.hash(&mut hasher);
                        }
                    }
                }
            }
        }
        let organ = report.meta.organ.clone().filter(|o| !o.trim().is_empty());
        Identity {
            organ_key: organ.as_deref().map(|o| crate::organ::key(o, divisions)),
            organ,
            year: report.meta.year,
            content: telling.then(|| hasher.finish()),
        }
    }
}

/// One set of inputs that are the same report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Indexes of the inputs, in input order (the first is the one kept).
    pub members: Vec<usize>,
    /// Why they are taken for one report, in Chinese.
    pub why: String,
}

fn root(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

/// The groups of inputs that are one report: same organ (key) and year, or same tables.
pub fn find(ids: &[Identity]) -> Vec<Group> {
    let mut parent: Vec<usize> = (0..ids.len()).collect();
    let mut first_of: HashMap<(&str, i32), usize> = HashMap::new();
    let mut first_content: HashMap<u64, usize> = HashMap::new();
    let mut same_content = vec![false; ids.len()];
    let mut same_organ = vec![false; ids.len()];
    for (i, id) in ids.iter().enumerate() {
        if let (Some(k), Some(y)) = (id.organ_key.as_deref(), id.year) {
            if let Some(&j) = first_of.get(&(k, y)) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
                same_organ[i] = true;
                same_organ[j] = true;
            } else {
                first_of.insert((k, y), i);
            }
        }
        if let Some(c) = id.content {
            if let Some(&j) = first_content.get(&c) {
                let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                parent[a.max(b)] = a.min(b);
                same_content[i] = true;
                same_content[j] = true;
            } else {
                first_content.insert(c, i);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
    for i in 0..ids.len() {
        let r = root(&mut parent, i);
        groups[r].push(i);
    }
    groups
        .into_iter()
        .filter(|g| g.len() > 1)
        .map(|members| {
            let first = &ids[members[0]];
            let mut why = Vec::new();
            if members.iter().any(|&i| same_organ[i]) {
                why.push(format!(
                    "同一机关（{}）同一年度（{}年）",
                    first.organ.as_deref().unwrap_or(""),
                    first.year.unwrap_or_default()
                ));
            }
            if members.iter().any(|&i| same_content[i]) {
                why.push("三张表格的数值完全相同".to_string());
            }
            Group {
                members,
                why: why.join("，且"),
            }
        })
        .collect()
}

/// One line per group for a summary: the files, then why.
pub fn describe(groups: &[Group], names: &[String]) -> Vec<String> {
    groups
        .iter()
        .map(|g| {
            let files: Vec<&str> = g
                .members
                .iter()
                .filter_map(|&i| names.get(i).map(String::as_str))
                .collect();
            format!("{}：{}", files.join("、"), g.why)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    fn report(organ: &str, year: i32, n: i64) -> Report {
        let std = standard::current();
        let mut r = Report::empty(std);
        r.meta.organ = Some(organ.into());
        r.meta.year = Some(year);
        r.set("requests", "new", "natural", Value::int(n));
        r
    }

    fn ids(reports: &[Report]) -> Vec<Identity> {
        let d = &standard::current().consistency.divisions;
        reports.iter().map(|r| Identity::of(r, d)).collect()
    }

    #[test]
    fn same_organ_with_its_city_written_and_same_year_is_one_report() {
        let groups = find(&ids(&[
            report("某某区人民政府", 2023, 1),
            report("某某局", 2023, 2),
            report("某某市某某区人民政府", 2023, 3),
        ]));
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, vec![0, 2]);
        assert!(groups[0].why.contains("同一机关"), "{}", groups[0].why);
    }

    #[test]
    fn same_tables_under_another_name_are_one_report() {
        let groups = find(&ids(&[report("甲局", 2023, 5), report("乙局", 2023, 5)]));
        assert_eq!(groups.len(), 1);
        assert!(groups[0].why.contains("数值完全相同"), "{}", groups[0].why);
    }

    #[test]
    fn other_years_and_empty_tables_are_not_duplicates() {
        assert!(find(&ids(&[report("甲局", 2023, 5), report("甲局", 2022, 6)])).is_empty());
        assert!(find(&ids(&[report("甲局", 2023, 5), report("乙局", 2022, 5)])).is_empty());
        assert!(find(&ids(&[report("甲局", 2023, 0), report("乙局", 2023, 0)])).is_empty());
    }
}
