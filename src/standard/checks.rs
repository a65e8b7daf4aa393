//! The checks beyond arithmetic, as data: the figures the prose states about the tables, the cells
//! that pair up from one year to the next, and the form rules reviewers apply.
//!
//! Read from the `[prose]`, `[[prose_checks]]`, `[[cross_year]]`, `[[form_checks]]` and
//! `[[organ_levels]]` parts of a template; [`crate::check`] applies them.

use super::{Over, Standard};
use crate::finding::{CellRef, Severity};
use regex::RegexSet;
use serde::Deserialize;
use std::sync::OnceLock;

/// Words that shape how a figure in prose is read.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProseWords {
    /// Breakdown markers (其中 …): a clause holding one states a part, not a total.
    #[serde(default)]
    pub breakdown: Vec<String>,
    /// Change markers (增加, 同比 …): a figure after one is a change, not a count.
    #[serde(default)]
    pub change: Vec<String>,
    /// Words right before a figure that make it approximate (约, 近 …).
    #[serde(default)]
    pub approximate_before: Vec<String>,
    /// Words right after a figure (or its unit) that make it approximate (余, 多, 左右 …).
    #[serde(default)]
    pub approximate_after: Vec<String>,
    /// Negations (未收到 …): before a trigger and with no figure, the clause states 0.
    #[serde(default)]
    pub negations: Vec<String>,
    /// Words right before a figure that make it an ordinal (第三十三条), not a count: skipped.
    #[serde(default)]
    pub ordinal_before: Vec<String>,
    /// Words that start with a numeral and a unit but are not counts (一起 "together", 一件事):
    /// a figure that starts one is skipped.
    #[serde(default)]
    pub not_figures: Vec<String>,
    /// Words before a figure in its sentence that make it a count over another period than the
    /// report's year (累计, 季度 …): not compared.
    #[serde(default)]
    pub other_period: Vec<String>,
    /// Words before a figure in its sentence that make it a count of more bodies than the
    /// reporting organ (全县, 各乡镇 …): not compared either.
    #[serde(default)]
    pub other_scope: Vec<String>,
}

/// How a figure in prose relates to the sum of its cells.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// The figure equals the sum.
    #[default]
    Equal,
    /// The figure is at least the sum.
    AtLeast,
    /// A figure above 0 needs a sum above 0.
    Implies,
    /// No figure: the sentence says every case had this outcome ("均获维持"), so the sum of
    /// `cells` equals the sum of the same rows in `whole_column`.
    All,
}

/// The rows of a group of a standard table (the group label as the template prints it in the
/// rows' `groups`), in one column: a prose check's cells taken from the standard data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroupCells {
    /// The table.
    pub table: String,
    /// A label of the rows' `groups` ("（四）无法提供").
    pub group: String,
    /// The column summed.
    pub column: String,
}

/// One kind of figure the prose states about the tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProseCheck {
    /// Stable id within the template.
    pub id: String,
    /// What the figure counts, in Chinese, for messages.
    pub what: String,
    /// Words that introduce the figure.
    pub triggers: Vec<String>,
    /// One must occur in the sentence before the figure (when not empty).
    #[serde(default)]
    pub context: Vec<String>,
    /// The subject: one of these must also occur in the sentence before the figure (when not
    /// empty), so that a count of the same words about other work (行政复议 a 司法局 decides) is
    /// not taken for one of the tables'.
    #[serde(default)]
    pub topic: Vec<String>,
    /// None may occur in the sentence.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// One must occur in the clause before the figure (when not empty).
    #[serde(default)]
    pub near: Vec<String>,
    /// None may occur in the clause before the figure.
    #[serde(default)]
    pub not_near: Vec<String>,
    /// Units the figure may carry (件, 条 …); none for relation `all`.
    #[serde(default)]
    pub units: Vec<String>,
    /// The figure is a total: clauses holding a breakdown marker are skipped.
    #[serde(default)]
    pub total: bool,
    /// How the figure relates to the cells.
    #[serde(default)]
    pub relation: Relation,
    /// The cells (`table.row.column`) whose sum the figure is compared with; the rows of
    /// `group` are added to them when the standard is loaded.
    #[serde(default)]
    pub cells: Vec<String>,
    /// Every row of a group of a table, in one column, added to `cells`.
    #[serde(default)]
    pub group: Option<GroupCells>,
    /// Relation `all`: the column holding the whole of which `cells` must be all.
    #[serde(default)]
    pub whole_column: Option<String>,
    /// Bases of a percentage printed beside the figure ("120件（15.2%）"), each a sum of cells:
    /// the percentage is checked against the figure's share of a base the sentence states.
    #[serde(default)]
    pub share_of: Vec<Vec<String>>,
    /// Other sums the figure may equal (relation `equal` only).
    #[serde(default)]
    pub or_cells: Vec<Vec<String>>,
    /// Why a mismatch matters, added to the message.
    #[serde(default)]
    pub note: Option<String>,
}

/// Cells that pair up between this year's report and last year's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossYearRule {
    /// Rule id (`cross_year.carried_over` …).
    pub id: String,
    /// What it says, in Chinese.
    pub title: String,
    /// The table.
    pub table: String,
    /// `columns`: `this`/`previous` name rows, the rule holds in each column; `rows`: the reverse.
    pub over: Over,
    /// This year's row (or column).
    pub this: String,
    /// Last year's row (or column).
    pub previous: String,
    /// This year's rows (or columns) added to last year's value.
    #[serde(default)]
    pub plus: Vec<String>,
    /// This year's rows (or columns) taken from last year's value.
    #[serde(default)]
    pub minus: Vec<String>,
}

/// What a form check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormKind {
    /// A section's text is at most `max` characters.
    MaxChars,
    /// A section says something besides sub-headings and `empty_words`.
    NotEmpty,
    /// A section is not last year's copied.
    NotRepeated,
    /// A section mentions one of `keywords`.
    Mentions,
    /// The organ's level (from its name) allows none of `cells` above 0.
    OrganLevel,
}

/// A form rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormCheck {
    /// Rule id (`form.overview_length` …).
    pub id: String,
    /// Kind.
    pub kind: FormKind,
    /// What it says, in Chinese.
    pub title: String,
    /// The section it looks at.
    #[serde(default)]
    pub section: Option<String>,
    /// Limit (`max_chars`).
    #[serde(default)]
    pub max: Option<usize>,
    /// Words that say nothing (`not_empty`).
    #[serde(default)]
    pub empty_words: Vec<String>,
    /// Words of which one must occur (`mentions`).
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Cells (`organ_level`).
    #[serde(default)]
    pub cells: Vec<String>,
    /// How serious a finding is (warning when absent).
    #[serde(default = "warning")]
    pub severity: Severity,
}

fn warning() -> Severity {
    Severity::Warning
}

/// A level of organ recognised from its name, one that cannot make 规章.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrganLevel {
    /// The level, in Chinese.
    pub level: String,
    /// How far the name settles it, in Chinese.
    pub sure: String,
    /// Regular expressions on the organ's name.
    pub patterns: Vec<String>,
}

/// Every organ-level pattern compiled as one set (one compilation instead of one per pattern),
/// with the level of each. Compiled on first use: only a report that fills a 规章 cell needs it,
/// and compiling costs more than reading the whole standard.
#[derive(Debug, Clone, Default)]
pub struct OrganPatterns {
    set: OnceLock<Option<RegexSet>>,
    /// The index in `organ_levels` of each pattern of the set.
    level_of: Vec<usize>,
}

impl OrganPatterns {
    fn compile(levels: &[OrganLevel]) -> Result<RegexSet, String> {
        RegexSet::new(levels.iter().flat_map(|l| &l.patterns))
            .map_err(|e| format!("organ_levels 的模式无效：{e}"))
    }
}

impl Standard {
    /// The first organ level (in the template's order) whose patterns match `name`.
    ///
    /// ```
    /// let std = gongkai::standard::current();
    /// let level = std.organ_level_of("淄博市张店区马尚街道办事处").expect("a street office");
    /// assert_eq!(level.level, "乡镇、街道");
    /// assert!(std.organ_level_of("山东省人民政府").is_none());
    /// ```
    pub fn organ_level_of(&self, name: &str) -> Option<&OrganLevel> {
        let set = (self.organ_patterns.set)
            .get_or_init(|| OrganPatterns::compile(&self.organ_levels).ok())
            .as_ref()?;
        let first = set.matches(name).iter().next()?;
        self.organ_levels
            .get(*self.organ_patterns.level_of.get(first)?)
    }
}

/// Parses `table.row.column`.
pub fn cell_ref(path: &str) -> Option<CellRef> {
    let mut parts = path.split('.');
    let (Some(t), Some(r), Some(c), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some(CellRef::new(t, r, c))
}

/// Relation `all`: the cells of `whole_column` in the rows of the check's cells.
pub fn whole_cells(check: &ProseCheck) -> Vec<String> {
    let Some(col) = &check.whole_column else {
        return Vec::new();
    };
    (check.cells.iter())
        .filter_map(|c| cell_ref(c))
        .map(|c| format!("{}.{}.{col}", c.table, c.row))
        .collect()
}

impl Standard {
    /// The cells (`table.row.column`) of the rows in a group of a table.
    fn group_cells(&self, g: &GroupCells) -> Result<Vec<String>, String> {
        let t = (self.table(&g.table)).ok_or_else(|| format!("没有表格 {}", g.table))?;
        let cells: Vec<String> = (t.rows.iter())
            .filter(|r| r.groups.contains(&g.group))
            .map(|r| format!("{}.{}.{}", g.table, r.id, g.column))
            .collect();
        if cells.is_empty() {
            return Err(format!("表格 {} 没有属于“{}”的行", g.table, g.group));
        }
        Ok(cells)
    }

    /// Compiles the organ-level patterns and checks that every check names things that exist.
    ///
    /// `compile_now`: compile the organ-level patterns here, reporting a bad one as an error (a
    /// definition given by a user); otherwise on first use (the embedded definitions, whose patterns
    /// the tests compile).
    pub(super) fn prepare_checks(&mut self, compile_now: bool) -> Result<(), String> {
        let set = OnceLock::new();
        if compile_now {
            let _ = set.set(Some(OrganPatterns::compile(&self.organ_levels)?));
        }
        self.organ_patterns = OrganPatterns {
            set,
            level_of: (self.organ_levels.iter().enumerate())
                .flat_map(|(i, l)| l.patterns.iter().map(move |_| i))
                .collect(),
        };
        let groups: Vec<Vec<String>> = (self.prose_checks.iter())
            .map(|p| {
                p.group
                    .as_ref()
                    .map_or(Ok(Vec::new()), |g| self.group_cells(g))
            })
            .collect::<Result<_, _>>()?;
        for (p, cells) in self.prose_checks.iter_mut().zip(groups) {
            p.cells.extend(cells);
        }
        let cell_ok = |path: &str| -> Result<(), String> {
            let ok = cell_ref(path).is_some_and(|c| {
                self.table(&c.table).is_some_and(|t| {
                    t.row(&c.row)
                        .is_some_and(|r| t.columns_of(r).iter().any(|col| col.id == c.col))
                })
            });
            if ok {
                Ok(())
            } else {
                Err(format!("引用了不存在的单元格 {path}"))
            }
        };
        for p in &self.prose_checks {
            let all = p.relation == Relation::All;
            if p.triggers.is_empty() || (p.units.is_empty() && !all) || p.cells.is_empty() {
                return Err(format!(
                    "prose_checks {} 缺少 triggers、units 或 cells",
                    p.id
                ));
            }
            if all != p.whole_column.is_some() {
                return Err(format!(
                    "prose_checks {}：whole_column 只用于且必须用于 relation = \"all\"",
                    p.id
                ));
            }
            let wholes = whole_cells(p);
            let cells = (p.cells.iter())
                .chain(p.or_cells.iter().flatten())
                .chain(p.share_of.iter().flatten())
                .chain(&wholes);
            for c in cells {
                cell_ok(c).map_err(|e| format!("prose_checks {}：{e}", p.id))?;
            }
        }
        for rule in &self.cross_year {
            let t = self
                .table(&rule.table)
                .ok_or_else(|| format!("cross_year {} 没有有效的表格", rule.id))?;
            for id in [&rule.this, &rule.previous]
                .into_iter()
                .chain(&rule.plus)
                .chain(&rule.minus)
            {
                let ok = match rule.over {
                    Over::Columns => t.row(id).is_some(),
                    Over::Rows => t.column(id).is_some(),
                };
                if !ok {
                    return Err(format!("cross_year {} 引用了不存在的 {id}", rule.id));
                }
            }
        }
        for f in &self.form_checks {
            if let Some(s) = &f.section
                && self.section(s).is_none()
            {
                return Err(format!("form_checks {} 引用了不存在的部分 {s}", f.id));
            }
            let needs_section = !matches!(f.kind, FormKind::OrganLevel);
            if needs_section && f.section.is_none() {
                return Err(format!("form_checks {} 缺少 section", f.id));
            }
            if f.kind == FormKind::MaxChars && f.max.is_none() {
                return Err(format!("form_checks {} 缺少 max", f.id));
            }
            for c in &f.cells {
                cell_ok(c).map_err(|e| format!("form_checks {}：{e}", f.id))?;
            }
        }
        let ids = self
            .cross_year
            .iter()
            .map(|r| r.id.as_str())
            .chain(self.form_checks.iter().map(|f| f.id.as_str()))
            .chain(self.rules.iter().map(|r| r.id.as_str()));
        let mut seen = std::collections::HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                return Err(format!("rule id 重复：{id}"));
            }
        }
        Ok(())
    }
}
