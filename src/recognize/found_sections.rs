//! A section whose heading the report left out (or that a converter dropped) while its table is
//! there: the section is found from its table, with a note, rather than reported missing.

use crate::document::Place;
use crate::finding::{CellRef, Finding, Severity};
use crate::model::{Report, Section};
use crate::standard::Standard;
use foldhash::{HashMap, HashSet};

/// Sections found from their tables while the tables of the report's sections are read.
#[derive(Default)]
pub struct FoundSections {
    /// Ids of the sections present (headed, or found here).
    present: HashSet<String>,
    /// (index of the section the table was printed in, the section found, the table's place).
    found: Vec<(usize, String, Place)>,
}

impl FoundSections {
    /// Starts with the ids of the sections that have a heading.
    pub fn new<'a>(ids: impl Iterator<Item = Option<&'a str>>) -> Self {
        FoundSections {
            present: ids.flatten().map(str::to_string).collect(),
            found: Vec::new(),
        }
    }

    /// The number of cells read per standard table so far that hold something (an empty table,
    /// as a writer prints one for a report without the section, says nothing of the section).
    pub fn cells_per_table(
        origins: &HashMap<CellRef, Place>,
        report: &Report,
    ) -> HashMap<String, usize> {
        let mut out: HashMap<String, usize> = HashMap::default();
        for cell in origins.keys() {
            if report
                .get(&cell.table, &cell.row, &cell.col)
                .is_some_and(|v| !v.is_blank())
            {
                *out.entry(cell.table.clone()).or_default() += 1;
            }
        }
        out
    }

    /// After a group of tables printed in section `at` (id `in_section`) was read: each standard
    /// table that got cells from it (more now than `before`) whose section has no heading in the
    /// report opens that section here.
    pub fn after_group(
        &mut self,
        std: &Standard,
        at: usize,
        in_section: Option<&str>,
        before: &HashMap<String, usize>,
        now: &HashMap<String, usize>,
        place: &Place,
    ) {
        // In table order, so that tables 二 and 三 under one heading open their sections in order.
        for table in &std.tables {
            let grew = now.get(&table.id).copied().unwrap_or(0)
                > before.get(&table.id).copied().unwrap_or(0);
            let Some(section) = std.section_of_table(&table.id) else {
                continue;
            };
            if grew
                && in_section != Some(section.id.as_str())
                && self.present.insert(section.id.clone())
            {
                self.found.push((at, section.id.clone(), place.clone()));
            }
        }
    }

    /// Inserts the sections found into `sections` (numbered by the order the sections were
    /// opened in), each after the section its table was printed in, and notes each.
    pub fn insert(
        self,
        std: &Standard,
        sections: &mut Vec<(usize, Section)>,
        findings: &mut Vec<Finding>,
    ) {
        for (at, id, place) in self.found {
            let Some(def) = std.section(&id) else {
                continue;
            };
            findings.push(
                Finding::new(
                    "import.heading",
                    Severity::Info,
                    format!(
                        "没有找到第{}部分的标题，按其表格认定“{}”",
                        def.number,
                        def.printed()
                    ),
                )
                .at(place),
            );
            let pos = sections
                .iter()
                .position(|(i, _)| *i > at)
                .unwrap_or(sections.len());
            sections.insert(
                pos,
                (
                    at,
                    Section {
                        id: Some(id),
                        ..Section::default()
                    },
                ),
            );
        }
    }
}
