//! A table printed without any of the standard's labels under the heading of its section (a
//! markdown table whose header a tool replaced by "列1 … 列15", table 四's data row alone): its
//! columns are the standard's by position when the count of values matches exactly, never
//! otherwise — then the cells stay blank and a note says why.

use super::{Stream, TableReader, Target, Token};
use crate::document::Place;
use crate::finding::{Finding, Severity};
use crate::model::Report;
use crate::standard::Layout;

impl TableReader<'_> {
    /// Reads `stream`, printed under the heading of the section of table `table_id`, by position:
    /// only for a table printed as one data row ([`Layout::SingleRow`]) none of whose rows was
    /// read yet, and only when the stream is nothing but that row of values. Returns the number
    /// of standard rows read.
    pub fn read_by_position(
        &mut self,
        table_id: &str,
        stream: &Stream,
        report: &mut Report,
    ) -> usize {
        let std = self.std;
        let Some(ti) = std.tables.iter().position(|t| t.id == table_id) else {
            return 0;
        };
        let table = &std.tables[ti];
        let targets: Vec<Target> = (0..table.rows.len())
            .map(|row| Target { table: ti, row })
            .collect();
        if table.layout != Layout::SingleRow || targets.iter().any(|t| self.assigned.contains(t)) {
            return 0;
        }
        let tokens = || stream.iter().flatten();
        if tokens().next().is_none() || !tokens().all(|t| t.value) {
            return 0;
        }
        let rows: Vec<_> = (stream.iter())
            .filter(|r| r.iter().any(|t| !t.text.trim().is_empty()))
            .collect();
        let want: usize = targets.iter().map(|t| self.width(*t)).sum();
        let section = std
            .section_of_table(table_id)
            .map(|s| s.printed())
            .unwrap_or_default();
        let place = tokens().next().map(|t| t.place.clone()).unwrap_or_default();
        let [row] = rows.as_slice() else {
            self.findings.push(
                Finding::new(
                    "import.by_position",
                    Severity::Warning,
                    format!(
                        "“{section}”下的表格没有标准的表头，且数值分在{}行，无法按位置确定各格，按空白处理",
                        rows.len()
                    ),
                )
                .at(place),
            );
            return 0;
        };
        if row.len() != want {
            self.findings.push(
                Finding::new(
                    "import.by_position",
                    Severity::Warning,
                    format!(
                        "“{section}”下的表格没有标准的表头，有 {} 个数值，与标准的 {want} 列不符，无法按位置确定各格，按空白处理",
                        row.len()
                    ),
                )
                .at(place),
            );
            return 0;
        }
        let values: Vec<_> = row.iter().collect();
        let mut offset = 0;
        for t in &targets {
            let w = self.width(*t);
            self.assign(*t, &place, &values[offset..offset + w], report);
            offset += w;
        }
        self.findings.push(
            Finding::new(
                "import.by_position",
                Severity::Info,
                format!(
                    "“{section}”下的表格没有标准的表头，{want} 个数值与标准的列数相同，按位置读入"
                ),
            )
            .at(place),
        );
        targets.len()
    }

    /// Notes that table `ti`'s values under its header were fewer than its columns (or only
    /// those of rows with labels), so none was read — when there were values at all.
    ///
    /// A header of a grid (a sheet, a Word table) over no value at all is the table left blank
    /// (gongkai's own fill-in workbook with no 复议 or 诉讼): its cells are read as blank with one
    /// note, not reported as a table that is missing.
    pub(super) fn short_run(
        &mut self,
        ti: usize,
        runs: &[Vec<&Token>],
        want: usize,
        header: Option<&Token>,
    ) {
        let place = header.map(|t| t.place.clone()).unwrap_or_default();
        if !runs.iter().flatten().any(|t| !t.text.trim().is_empty()) {
            if header.is_some_and(|t| t.counted) {
                self.blank_table(ti, &place);
            }
            return;
        }
        let found = runs.iter().map(Vec::len).max().unwrap_or(0);
        let section = (self.std.section_of_table(&self.std.tables[ti].id))
            .map(|s| s.printed())
            .unwrap_or_default();
        self.findings.push(
            Finding::new(
                "import.by_position",
                Severity::Warning,
                format!(
                    "“{section}”的表头下没有一行恰好 {want} 个数值（最多连续 {found} 个，或属于有行标签的行），无法确定各数值属于哪一格，按空白处理"
                ),
            )
            .at(place),
        );
    }

    /// Table `ti`, found by its header, holds no value: every cell blank, noted once.
    fn blank_table(&mut self, ti: usize, place: &Place) {
        let table = &self.std.tables[ti];
        for row in 0..table.rows.len() {
            let t = Target { table: ti, row };
            if !self.assigned.insert(t) {
                return;
            }
        }
        let section = (self.std.section_of_table(&table.id))
            .map(|s| s.printed())
            .unwrap_or_default();
        self.findings.push(
            Finding::new(
                "import.blank_table",
                Severity::Warning,
                format!(
                    "“{section}”的表格有表头，但没有填写任何数值（没有的应填 0），各格按空白处理"
                ),
            )
            .at(place.clone()),
        );
    }
}
