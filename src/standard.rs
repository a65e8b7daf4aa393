//! The standard report formats, loaded from the data files under `templates/`.
//!
//! This is the only place that knows where the definitions live; everything else asks a
//! [`Standard`] for sections, tables, rows, columns and rules by id.

mod checks;
mod years;

pub use checks::{
    CrossYearRule, FormCheck, FormKind, GroupCells, OrganLevel, OrganPatterns, ProseCheck,
    ProseWords, Relation, cell_ref, whole_cells,
};
use serde::Deserialize;
use std::sync::OnceLock;
pub use years::YearsDef;

/// The definition files embedded at build time, newest first (the first is [`current`]).
#[cfg(test)]
const SOURCES: &[(&str, &str)] = &[
    ("gov-2021", include_str!("../templates/gov-2021.toml")),
    ("gov-2019", include_str!("../templates/gov-2019.toml")),
];

/// The same definitions as JSON, written by `build.rs` from the TOML files (same order): what a
/// run reads, since parsing JSON costs a fraction of parsing TOML at every start.
const COMPILED: &[(&str, &str)] = &[
    (
        "gov-2021",
        include_str!(concat!(env!("OUT_DIR"), "/gov-2021.json")),
    ),
    (
        "gov-2019",
        include_str!(concat!(env!("OUT_DIR"), "/gov-2019.json")),
    ),
];

/// One standard format (e.g. `gov-2021`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    /// Format id, as written in JSON's `format`.
    pub id: String,
    /// Full name of the format, in Chinese.
    pub name: String,
    /// Text every report title ends with.
    pub title_suffix: String,
    /// Contact facts of the opening paragraph.
    pub meta: Vec<MetaField>,
    /// How the statistical period is introduced.
    pub period: Period,
    /// The sections, in order.
    pub sections: Vec<SectionDef>,
    /// The tables.
    pub tables: Vec<TableDef>,
    /// The rules (勾稽关系 and form rules).
    pub rules: Vec<RuleDef>,
    /// Words that shape how figures in prose are read.
    #[serde(default)]
    pub prose: ProseWords,
    /// Figures the prose states about the tables.
    #[serde(default)]
    pub prose_checks: Vec<ProseCheck>,
    /// Cells that pair up with last year's report.
    #[serde(default)]
    pub cross_year: Vec<CrossYearRule>,
    /// Form rules.
    #[serde(default)]
    pub form_checks: Vec<FormCheck>,
    /// Organ levels that cannot make 规章, recognised from the organ's name.
    #[serde(default)]
    pub organ_levels: Vec<OrganLevel>,
    /// What an organ's name ends with (局, 委员会, 人民政府, 县 …): a text that ends otherwise is
    /// not taken for the organ.
    #[serde(default)]
    pub organ_suffixes: Vec<String>,
    /// The patterns of `organ_levels`, compiled when the template is parsed.
    #[serde(skip)]
    pub organ_patterns: OrganPatterns,
    /// Names and labels of gongkai's own workbook.
    #[serde(default)]
    pub workbook: WorkbookDef,
    /// Settings of roll forward and diff; a format without them uses the current format's
    /// ([`Standard::years`]).
    #[serde(default, rename = "years")]
    pub years_def: Option<YearsDef>,
    /// Words for the consistency checks: the reporting year stated in the opening, organ names
    /// written with or without their parent divisions.
    #[serde(default)]
    pub consistency: Consistency,
}

/// Words the consistency checks look for (`[consistency]` of the template).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consistency {
    /// Words right after a year in the opening paragraph that make it the reporting year
    /// (`2023年度`).
    #[serde(default)]
    pub year_words: Vec<String>,
    /// Last characters of an administrative division's name (`省`, `市`, `区` …): divisions
    /// written before an organ's own division do not make it another organ.
    #[serde(default)]
    pub divisions: Vec<String>,
}

/// What gongkai's workbook calls its sheets and facts (the fill-in workbook and `--to xlsx`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkbookDef {
    /// Name of the facts sheet.
    pub facts_sheet: String,
    /// Name of the prose sheet.
    pub prose_sheet: String,
    /// Name of the findings sheet.
    pub findings_sheet: String,
    /// Header row of the findings sheet (rule, severity, message, cell, labels, expected, found).
    pub findings_header: Vec<String>,
    /// Lines of the instructions block of the empty workbook.
    #[serde(default)]
    pub instructions: Vec<String>,
    /// The text that stands for an empty cell of a report's own table in the prose sheet
    /// where a blank cell would be lost (the last cell of a row): written by the Excel writer,
    /// read back as empty by the recogniser.
    pub empty_cell: String,
    /// The facts, in the order the facts sheet lists them.
    pub facts: Vec<FactDef>,
}

/// A fact of the facts sheet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FactDef {
    /// The field of `meta` (`organ`, `year`, `title`, `period_start`, `period_end`) or `format`.
    pub id: String,
    /// The label in the facts sheet.
    pub label: String,
}

/// A contact fact (地址, 邮编 …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaField {
    /// Id in `meta.<id>`.
    pub id: String,
    /// The label as the standard prints it.
    pub label: String,
    /// Other labels met in real reports.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// Words introducing the statistical period.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// e.g. 统计期限.
    pub markers: Vec<String>,
}

/// What a section holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// Prose.
    Prose,
    /// A standard table (and sometimes notes around it).
    Table,
}

/// A section of the report.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionDef {
    /// Stable id.
    pub id: String,
    /// Its number as printed: 一 … 六.
    pub number: String,
    /// The heading without its number.
    pub heading: String,
    /// Other headings met in real reports (without number).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The words every wording of the heading keeps, in order ("行政复议", "行政诉讼"): a short
    /// numbered line holding them is the heading reworded.
    #[serde(default)]
    pub core: Vec<String>,
    /// Prose or table.
    pub kind: SectionKind,
    /// The table id when `kind` is table.
    #[serde(default)]
    pub table: Option<String>,
}

impl SectionDef {
    /// The heading as the standard prints it: "二、主动公开政府信息情况".
    pub fn printed(&self) -> String {
        format!("{}、{}", self.number, self.heading)
    }
}

/// How a table is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// Blocks of rows, each with a group label row and its own header (table 二).
    Blocks,
    /// Row labels on the left (nested groups), column headers on top (table 三).
    Grid,
    /// One data row; each standard row is a block of columns (table 四).
    SingleRow,
}

/// A standard table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableDef {
    /// Stable id (`tables.<id>`).
    pub id: String,
    /// The section that holds it.
    pub section: String,
    /// How it is printed.
    pub layout: Layout,
    /// Header over the row labels of each block (table 二: 信息内容).
    #[serde(default)]
    pub row_header: Option<String>,
    /// The corner cell (table 三).
    #[serde(default)]
    pub corner: Option<String>,
    /// Columns, in printed order.
    pub columns: Vec<ColumnDef>,
    /// Rows, in printed order.
    pub rows: Vec<RowDef>,
}

/// The kind of number a cell holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// A whole number ≥ 0.
    Count,
    /// A whole number that may be negative (a change).
    SignedCount,
    /// A decimal ≥ 0 (money).
    Amount,
}

/// A column.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnDef {
    /// Stable id.
    pub id: String,
    /// Label as printed.
    pub label: String,
    /// Labels met in real reports.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Header groups above the label, outermost first.
    #[serde(default)]
    pub groups: Vec<String>,
    /// Value kind.
    pub kind: ValueKind,
    /// Unit (件, 万元 …).
    pub unit: String,
}

/// A row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowDef {
    /// Stable id.
    pub id: String,
    /// Label as printed.
    pub label: String,
    /// Labels met in real reports.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Group labels to the left of (or above) the label, outermost first.
    #[serde(default)]
    pub groups: Vec<String>,
    /// The columns this row has; all when absent.
    #[serde(default)]
    pub columns: Option<Vec<String>>,
}

/// What a rule checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Sum of `left` cells equals sum of `right` cells.
    Sum,
    /// Every value fits its column's kind.
    Values,
    /// The six sections are present, in order.
    Sections,
}

/// Which way a sum rule runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Over {
    /// `left`/`right` name rows; the rule holds in each column.
    Columns,
    /// `left`/`right` name columns; the rule holds in each row.
    Rows,
}

/// A rule of the standard.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    /// Stable id (e.g. `requests.balance`).
    pub id: String,
    /// Kind.
    pub kind: RuleKind,
    /// What it says, in Chinese.
    pub title: String,
    /// Table (sum rules).
    #[serde(default)]
    pub table: Option<String>,
    /// Direction (sum rules).
    #[serde(default)]
    pub over: Option<Over>,
    /// Left side ids (sum rules).
    #[serde(default)]
    pub left: Vec<String>,
    /// Right side ids (sum rules).
    #[serde(default)]
    pub right: Vec<String>,
}

/// Why a definition file is not valid.
#[derive(Debug, thiserror::Error)]
pub enum StandardError {
    /// TOML syntax or a field of the wrong type.
    #[error("模板 {file} 格式错误：{detail}")]
    Syntax {
        /// Which definition.
        file: String,
        /// The parser's message.
        detail: String,
    },
    /// A reference to an id that does not exist, or a duplicate id.
    #[error("模板 {file} 有误：{detail}")]
    Invalid {
        /// Which definition.
        file: String,
        /// What is wrong.
        detail: String,
    },
}

impl TableDef {
    /// The column with this id.
    pub fn column(&self, id: &str) -> Option<&ColumnDef> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// The row with this id.
    pub fn row(&self, id: &str) -> Option<&RowDef> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// The columns a row has, in printed order.
    pub fn columns_of<'a>(&'a self, row: &'a RowDef) -> Vec<&'a ColumnDef> {
        match &row.columns {
            Some(ids) => ids.iter().filter_map(|id| self.column(id)).collect(),
            None => self.columns.iter().collect(),
        }
    }

    /// Number of cells in the table.
    pub fn cell_count(&self) -> usize {
        self.rows.iter().map(|r| self.columns_of(r).len()).sum()
    }
}

impl Standard {
    /// Parses and validates a definition.
    ///
    /// # Errors
    /// [`StandardError`] when the TOML is malformed or refers to ids that do not exist.
    pub fn parse(file: &str, source: &str) -> Result<Standard, StandardError> {
        let std: Standard = toml::from_str(source).map_err(|e| StandardError::Syntax {
            file: file.to_string(),
            detail: e.to_string(),
        })?;
        Self::validated(file, std, true)
    }

    /// Reads a definition transcoded to JSON by `build.rs`, and validates it as [`Standard::parse`] does.
    fn from_compiled(file: &str, json: &str) -> Result<Standard, StandardError> {
        let std: Standard = serde_json::from_str(json).map_err(|e| StandardError::Syntax {
            file: file.to_string(),
            detail: e.to_string(),
        })?;
        Self::validated(file, std, false)
    }

    fn validated(
        file: &str,
        mut std: Standard,
        compile_now: bool,
    ) -> Result<Standard, StandardError> {
        std.validate()
            .and_then(|()| std.prepare_checks(compile_now))
            .map_err(|detail| StandardError::Invalid {
                file: file.to_string(),
                detail,
            })?;
        Ok(std)
    }

    fn validate(&self) -> Result<(), String> {
        fn unique<'a>(what: &str, ids: impl Iterator<Item = &'a str>) -> Result<(), String> {
            let mut seen = std::collections::HashSet::new();
            for id in ids {
                if !seen.insert(id) {
                    return Err(format!("{what} id 重复：{id}"));
                }
            }
            Ok(())
        }
        unique("section", self.sections.iter().map(|s| s.id.as_str()))?;
        unique("table", self.tables.iter().map(|t| t.id.as_str()))?;
        unique("rule", self.rules.iter().map(|r| r.id.as_str()))?;
        for s in &self.sections {
            if let Some(t) = &s.table
                && self.table(t).is_none()
            {
                return Err(format!("section {} 引用了不存在的表格 {t}", s.id));
            }
        }
        for t in &self.tables {
            unique("column", t.columns.iter().map(|c| c.id.as_str()))?;
            unique("row", t.rows.iter().map(|r| r.id.as_str()))?;
            if self.section(&t.section).is_none() {
                return Err(format!("table {} 引用了不存在的部分 {}", t.id, t.section));
            }
            for r in &t.rows {
                for c in r.columns.iter().flatten() {
                    if t.column(c).is_none() {
                        return Err(format!("table {} row {} 引用了不存在的列 {c}", t.id, r.id));
                    }
                }
            }
            if t.layout == Layout::Blocks {
                blocks_are_printable(t)?;
            }
        }
        for rule in &self.rules {
            if rule.kind != RuleKind::Sum {
                continue;
            }
            let t = rule
                .table
                .as_deref()
                .and_then(|id| self.table(id))
                .ok_or_else(|| format!("rule {} 没有有效的表格", rule.id))?;
            let over = rule
                .over
                .ok_or_else(|| format!("rule {} 缺少 over", rule.id))?;
            for id in rule.left.iter().chain(&rule.right) {
                let ok = match over {
                    Over::Columns => t.row(id).is_some(),
                    Over::Rows => t.column(id).is_some(),
                };
                if !ok {
                    return Err(format!("rule {} 引用了不存在的 {id}", rule.id));
                }
            }
        }
        Ok(())
    }

    /// The settings of roll forward and diff: this format's `[years]`, else the current
    /// format's; `None` when neither has them.
    pub fn years(&self) -> Option<&YearsDef> {
        self.years_def.as_ref().or(current().years_def.as_ref())
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&SectionDef> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The table with this id.
    pub fn table(&self, id: &str) -> Option<&TableDef> {
        self.tables.iter().find(|t| t.id == id)
    }

    /// The section that holds a table.
    pub fn section_of_table(&self, table: &str) -> Option<&SectionDef> {
        self.sections
            .iter()
            .find(|s| s.table.as_deref() == Some(table))
    }

    /// Total number of standard cells (200 for gov-2021).
    pub fn cell_count(&self) -> usize {
        self.tables.iter().map(TableDef::cell_count).sum()
    }

    /// The Chinese path of a cell, for messages: "三、收到和处理… · 三、本年度办理结果 · （七）总计 · 商业企业".
    pub fn cell_labels(&self, table: &str, row: &str, col: &str) -> String {
        let Some(t) = self.table(table) else {
            return format!("{table}.{row}.{col}");
        };
        let mut parts = Vec::new();
        if let Some(s) = self.section_of_table(table) {
            parts.push(s.printed());
        }
        if let Some(r) = t.row(row) {
            parts.extend(r.groups.iter().cloned());
            parts.push(r.label.clone());
        }
        if let Some(c) = t.column(col) {
            parts.push(c.label.clone());
        }
        parts.join(" · ")
    }
}

/// What the writers assume of a `blocks` table: every row sits in a block (its group), a block's
/// rows are printed together and share one header row, so they have the same columns.
fn blocks_are_printable(t: &TableDef) -> Result<(), String> {
    let mut seen: Vec<&[String]> = Vec::new();
    let mut previous: Option<&RowDef> = None;
    for r in &t.rows {
        if r.groups.is_empty() {
            return Err(format!(
                "table {} row {} 没有所属的项（groups）",
                t.id, r.id
            ));
        }
        match previous {
            Some(p) if p.groups == r.groups => {
                if p.columns != r.columns {
                    return Err(format!(
                        "table {} 同一项中的行 {} 与 {} 的列不同",
                        t.id, p.id, r.id
                    ));
                }
            }
            _ => {
                if seen.contains(&r.groups.as_slice()) {
                    return Err(format!(
                        "table {} 的项 {} 不连续",
                        t.id,
                        r.groups.join(" · ")
                    ));
                }
                seen.push(&r.groups);
            }
        }
        previous = Some(r);
    }
    Ok(())
}

/// All embedded standards, newest first.
///
/// The definitions are validated by the test suite, so a broken file never reaches a user;
/// should one fail anyway, it is left out rather than crashing the program.
pub fn all() -> &'static [Standard] {
    static ALL: OnceLock<Vec<Standard>> = OnceLock::new();
    ALL.get_or_init(|| {
        COMPILED
            .iter()
            .filter_map(|(name, json)| Standard::from_compiled(name, json).ok())
            .collect()
    })
}

/// The standard with this id (`gov-2021` …).
pub fn get(id: &str) -> Option<&'static Standard> {
    all().iter().find(|s| s.id == id)
}

/// The current standard (gov-2021).
pub fn current() -> &'static Standard {
    // `all()` is never empty once the test `embedded_definitions_are_valid` passes.
    &all()[0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_definitions_are_valid() {
        for (name, src) in SOURCES {
            if let Err(e) = Standard::parse(name, src) {
                panic!("{e}");
            }
        }
        assert_eq!(all().len(), SOURCES.len());
        assert!(all().iter().all(|s| s.years().is_some()));
    }

    #[test]
    fn compiled_definitions_equal_the_toml_files() {
        assert_eq!(SOURCES.len(), COMPILED.len());
        for ((name, toml), (compiled_name, _)) in SOURCES.iter().zip(COMPILED) {
            assert_eq!(name, compiled_name);
            let from_toml = Standard::parse(name, toml).expect("valid");
            let embedded = get(name).expect("embedded");
            // The embedded definition compiles its organ patterns on first use.
            let _ = embedded.organ_level_of("");
            assert_eq!(format!("{from_toml:?}"), format!("{embedded:?}"), "{name}");
        }
    }

    #[test]
    fn gov_2021_has_200_cells() {
        let s = get("gov-2021").expect("present");
        assert_eq!(s.cell_count(), 200);
        assert_eq!(s.table("active").map(TableDef::cell_count), Some(10));
        assert_eq!(s.table("requests").map(TableDef::cell_count), Some(175));
        assert_eq!(s.table("appeals").map(TableDef::cell_count), Some(15));
        assert_eq!(s.sections.len(), 6);
    }

    #[test]
    fn gov_2019_has_the_trial_tables() {
        let s = get("gov-2019").expect("present");
        assert_eq!(s.table("active").map(TableDef::cell_count), Some(22));
        assert_eq!(s.table("requests").map(TableDef::cell_count), Some(161));
        assert_eq!(s.table("appeals").map(TableDef::cell_count), Some(15));
        assert_eq!(s.cell_count(), 198);
        let change = s.table("active").and_then(|t| t.column("change"));
        assert_eq!(change.map(|c| c.kind), Some(ValueKind::SignedCount));
    }

    #[test]
    fn shared_tables_keep_the_ids_of_gov_2021() {
        let (new, old) = (current(), get("gov-2019").expect("present"));
        for table in ["requests", "appeals"] {
            let (n, o) = (
                new.table(table).expect("2021"),
                old.table(table).expect("2019"),
            );
            let ids = |t: &TableDef| t.columns.iter().map(|c| c.id.clone()).collect::<Vec<_>>();
            assert_eq!(ids(n), ids(o), "{table} columns");
            for r in &o.rows {
                assert!(
                    n.row(&r.id).is_some() || r.id == "other_handling",
                    "{}",
                    r.id
                );
            }
        }
        let sections = |s: &Standard| s.sections.iter().map(|x| x.id.clone()).collect::<Vec<_>>();
        assert_eq!(sections(new), sections(old));
    }

    #[test]
    fn current_stays_gov_2021() {
        assert_eq!(current().id, "gov-2021");
    }

    #[test]
    fn rejects_block_rows_with_different_columns() {
        // Only 行政处罚 changes; 行政强制 in the same block keeps its column.
        let src = SOURCES[0].1.replacen(
            "groups = [\"第二十条第（六）项\"]\ncolumns = [\"decisions\"]",
            "groups = [\"第二十条第（六）项\"]\ncolumns = [\"amount\"]",
            1,
        );
        assert_ne!(src, SOURCES[0].1);
        assert!(matches!(
            Standard::parse("t", &src),
            Err(StandardError::Invalid { .. })
        ));
    }

    #[test]
    fn rejects_an_organ_pattern_that_does_not_compile() {
        let src = SOURCES[0]
            .1
            .replacen("patterns = [\"", "patterns = [\"(", 1);
        assert_ne!(src, SOURCES[0].1);
        assert!(matches!(
            Standard::parse("t", &src),
            Err(StandardError::Invalid { .. })
        ));
    }

    #[test]
    fn rejects_rule_naming_a_missing_row() {
        let src = SOURCES[0].1.replace(
            "left = [\"new\", \"carried_over\"]",
            "left = [\"nwe\", \"carried_over\"]",
        );
        assert!(matches!(
            Standard::parse("t", &src),
            Err(StandardError::Invalid { .. })
        ));
    }

    #[test]
    fn cell_labels_read_like_the_printed_table() {
        let s = current();
        assert_eq!(
            s.cell_labels("requests", "total", "commercial"),
            "三、收到和处理政府信息公开申请情况 · 三、本年度办理结果 · （七）总计 · 商业企业"
        );
    }
}
