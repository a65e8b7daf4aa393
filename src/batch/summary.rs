//! The end of a batch: counts, the list of failures and skipped outputs, the exit code — in Chinese.

use std::fmt::Write as _;
use std::path::PathBuf;

/// Exit codes: what a run's end means.
pub mod exit {
    /// Everything read, nothing wrong.
    pub const CLEAN: i32 = 0;
    /// A rule of the standard fails in some report.
    pub const FINDINGS: i32 = 1;
    /// Some input could not be read (or an output not written).
    pub const FAILED: i32 = 2;
}

/// What a batch did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// Reports read (recognised and checked).
    pub read: usize,
    /// Reports with at least one error-level finding.
    pub with_findings: usize,
    /// Output files written.
    pub written: usize,
    /// Inputs (or arguments) that failed, with the reason.
    pub failed: Vec<(PathBuf, String)>,
    /// Outputs not written because they exist (no `--force`), or that would replace an input.
    pub skipped: Vec<(PathBuf, String)>,
    /// Warnings of a conversion to another format (`--to-format`): values moved or set aside
    /// that a .docx or .xlsx cannot show in the target's tables — printed, so none is lost unseen.
    pub conversion_warnings: Vec<(PathBuf, String)>,
}

impl Summary {
    /// 2 when something failed, 1 when a report breaks a rule, else 0.
    pub fn exit_code(&self) -> i32 {
        if !self.failed.is_empty() {
            exit::FAILED
        } else if self.with_findings > 0 {
            exit::FINDINGS
        } else {
            exit::CLEAN
        }
    }

    /// The summary for people. `outputs` says whether the run writes files (convert) or not (check).
    pub fn render(&self, outputs: bool) -> String {
        let mut s = String::new();
        let total = self.read + self.failed.len();
        let _ = write!(s, "共 {total} 份：已读取 {} 份", self.read);
        if outputs {
            let _ = write!(s, "（写出 {} 个文件）", self.written);
        }
        let _ = writeln!(
            s,
            "，有错误 {} 份，失败 {} 份。",
            self.with_findings,
            self.failed.len()
        );
        if !self.conversion_warnings.is_empty() {
            let _ = writeln!(s, "格式转换警告 {} 条：", self.conversion_warnings.len());
            for (path, warning) in &self.conversion_warnings {
                let _ = writeln!(s, "  {}：{warning}", path.display());
            }
        }
        if !self.skipped.is_empty() {
            let _ = writeln!(
                s,
                "跳过 {} 个输出文件（未覆盖；如需覆盖请加 --force）：",
                self.skipped.len()
            );
            for (path, why) in &self.skipped {
                let _ = writeln!(s, "  {}：{why}", path.display());
            }
        }
        if !self.failed.is_empty() {
            let _ = writeln!(s, "失败 {} 份：", self.failed.len());
            for (path, why) in &self.failed {
                let _ = writeln!(s, "  {}：{why}", path.display());
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_outranks_findings_in_exit_code() {
        let mut s = Summary {
            read: 3,
            with_findings: 1,
            ..Summary::default()
        };
        assert_eq!(s.exit_code(), exit::FINDINGS);
        s.failed
            .push((PathBuf::from("x.docx"), "文件已损坏".into()));
        assert_eq!(s.exit_code(), exit::FAILED);
        let text = s.render(true);
        assert!(text.contains("失败 1 份"), "{text}");
        assert!(text.contains("x.docx：文件已损坏"), "{text}");
    }

    #[test]
    fn conversion_warnings_are_listed_with_their_input() {
        let mut s = Summary {
            read: 1,
            ..Summary::default()
        };
        s.conversion_warnings.push((
            PathBuf::from("a.txt"),
            "警告[convert.carried]：x = 1".into(),
        ));
        let text = s.render(true);
        assert!(text.contains("格式转换警告 1 条"), "{text}");
        assert!(
            text.contains("a.txt：警告[convert.carried]：x = 1"),
            "{text}"
        );
        assert_eq!(s.exit_code(), exit::CLEAN);
    }
}
