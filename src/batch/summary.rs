//! The end of a batch: counts, the reports with errors (and their rules), failures, files not
//! read, outputs not written, duplicates, the exit code — in Chinese, naming every file.

use std::fmt::Write as _;
use std::path::PathBuf;

/// Exit codes: what a run's end means. When several apply, the largest is returned. Files
/// skipped while walking a folder (not reports, lock files …) never change it: they are listed.
pub mod exit {
    /// Everything read, nothing wrong.
    pub const CLEAN: i32 = 0;
    /// A rule of the standard fails in some report (or the same report was given twice).
    pub const FINDINGS: i32 = 1;
    /// Some input could not be read, or is not a report at all.
    pub const FAILED: i32 = 2;
    /// Some output was not written: it exists (no `--force`) or could not be written.
    pub const NOT_WRITTEN: i32 = 3;
    /// Nothing was done: the arguments are wrong, or the command refused (a `merge` of
    /// duplicates or of mixed years).
    pub const REFUSED: i32 = 4;
}

/// Rule ids shown per file in the list of reports with errors; the rest are counted.
const RULES_SHOWN: usize = 4;
/// Files shown in the list of reports with errors; the rest are counted.
const FILES_SHOWN: usize = 50;

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
    /// Outputs that could not be written (an OS error), with the reason.
    pub not_written: Vec<(PathBuf, String)>,
    /// Files found in a folder or by a pattern and not read, with the reason.
    pub not_read: Vec<(PathBuf, String)>,
    /// Reports with error-level findings and the ids of the rules broken (each once, in order).
    pub errors: Vec<(PathBuf, Vec<String>)>,
    /// Groups of inputs that are the same report, each told in one line.
    pub duplicates: Vec<String>,
    /// The folder or file the outputs went to.
    pub written_to: Option<PathBuf>,
    /// Warnings of a conversion to another format (`--to-format`): values moved or set aside
    /// that a .docx or .xlsx cannot show in the target's tables — printed, so none is lost unseen.
    pub conversion_warnings: Vec<(PathBuf, String)>,
}

impl Summary {
    /// The largest that applies: 3 when an output was not written, 2 when an input failed, 1
    /// when a report breaks a rule or is given twice, else 0 (see [`exit`]).
    pub fn exit_code(&self) -> i32 {
        if !self.skipped.is_empty() || !self.not_written.is_empty() {
            exit::NOT_WRITTEN
        } else if !self.failed.is_empty() {
            exit::FAILED
        } else if self.with_findings > 0 || !self.duplicates.is_empty() {
            exit::FINDINGS
        } else {
            exit::CLEAN
        }
    }

    /// Records the error-level rules of one report read (nothing when it has none).
    pub fn note_errors<'a>(
        &mut self,
        path: &std::path::Path,
        rules: impl Iterator<Item = &'a str>,
    ) {
        let mut list: Vec<String> = Vec::new();
        for r in rules {
            if !list.iter().any(|x| x == r) {
                list.push(r.to_string());
            }
        }
        if !list.is_empty() {
            self.errors.push((path.to_path_buf(), list));
        }
    }

    /// The summary for people. `outputs` says whether the run writes files (convert) or not (check).
    pub fn render(&self, outputs: bool) -> String {
        let mut s = String::new();
        let total = self.read + self.failed.len();
        let _ = write!(s, "共 {total} 份：已读取 {} 份", self.read);
        if outputs {
            let _ = write!(s, "（写出 {} 个文件", self.written);
            if let Some(to) = &self.written_to {
                let _ = write!(s, "，写到 {}", to.display());
            }
            s.push('）');
        }
        let _ = write!(
            s,
            "，有错误 {} 份，失败 {} 份",
            self.with_findings,
            self.failed.len()
        );
        if !self.not_read.is_empty() {
            let _ = write!(s, "；另跳过 {} 个文件", self.not_read.len());
        }
        s.push_str("。\n");
        self.render_errors(&mut s);
        if !self.conversion_warnings.is_empty() {
            let _ = writeln!(s, "格式转换警告 {} 条：", self.conversion_warnings.len());
            for (path, warning) in &self.conversion_warnings {
                let _ = writeln!(s, "  {}：{warning}", path.display());
            }
        }
        if !self.duplicates.is_empty() {
            let _ = writeln!(s, "重复的报告 {} 组：", self.duplicates.len());
            for line in &self.duplicates {
                let _ = writeln!(s, "  {line}");
            }
        }
        list(
            &mut s,
            &format!(
                "跳过 {} 个输出文件（未覆盖；如需覆盖请加 --force）：",
                self.skipped.len()
            ),
            &self.skipped,
        );
        list(
            &mut s,
            &format!("{} 个输出文件未能写出：", self.not_written.len()),
            &self.not_written,
        );
        list(
            &mut s,
            &format!("失败 {} 份：", self.failed.len()),
            &self.failed,
        );
        list(
            &mut s,
            &format!(
                "跳过 {} 个文件（不是 gongkai 读取的报告文件，未读取）：",
                self.not_read.len()
            ),
            &self.not_read,
        );
        s
    }

    /// The reports with errors, each with its first rules.
    fn render_errors(&self, s: &mut String) {
        if self.errors.is_empty() {
            return;
        }
        let _ = writeln!(s, "有错误的报告 {} 份：", self.errors.len());
        for (path, rules) in self.errors.iter().take(FILES_SHOWN) {
            let shown: Vec<&str> = rules.iter().take(RULES_SHOWN).map(String::as_str).collect();
            let _ = write!(s, "  {}：{}", path.display(), shown.join("、"));
            if rules.len() > RULES_SHOWN {
                let _ = write!(s, " 等 {} 条规则", rules.len());
            }
            s.push('\n');
        }
        if self.errors.len() > FILES_SHOWN {
            let _ = writeln!(
                s,
                "  另有 {} 份（用 gongkai check 查看全部）",
                self.errors.len() - FILES_SHOWN
            );
        }
    }
}

/// A heading and one line per (path, reason); nothing when the list is empty.
fn list(s: &mut String, heading: &str, items: &[(PathBuf, String)]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(s, "{heading}");
    for (path, why) in items {
        let _ = writeln!(s, "  {}：{why}", path.display());
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
    fn skipped_files_are_listed_and_leave_the_exit_code_alone() {
        let mut s = Summary {
            read: 1,
            ..Summary::default()
        };
        s.not_read.push((
            PathBuf::from("说明.md"),
            "扩展名 .md 不是报告文件的扩展名".into(),
        ));
        let text = s.render(false);
        assert!(text.contains("另跳过 1 个文件"), "{text}");
        assert!(text.contains("跳过 1 个文件"), "{text}");
        assert!(text.contains("说明.md：扩展名 .md"), "{text}");
        assert_eq!(s.exit_code(), exit::CLEAN);
    }

    #[test]
    fn reports_with_errors_are_named_with_their_first_rules() {
        let mut s = Summary {
            read: 2,
            with_findings: 1,
            ..Summary::default()
        };
        let rules = ["a.x", "b.x", "a.x", "c.x", "d.x", "e.x", "f.x"];
        s.note_errors(std::path::Path::new("r.docx"), rules.into_iter());
        s.note_errors(std::path::Path::new("ok.docx"), std::iter::empty());
        let text = s.render(false);
        assert!(text.contains("有错误的报告 1 份"), "{text}");
        assert!(
            text.contains("r.docx：a.x、b.x、c.x、d.x 等 6 条规则"),
            "{text}"
        );
        assert!(!text.contains("ok.docx"), "{text}");
    }

    #[test]
    fn an_output_not_written_outranks_a_failed_input() {
        let mut s = Summary::default();
        s.failed.push((PathBuf::from("a.docx"), "损坏".into()));
        assert_eq!(s.exit_code(), exit::FAILED);
        s.skipped
            .push((PathBuf::from("a.json"), "文件已存在".into()));
        assert_eq!(s.exit_code(), exit::NOT_WRITTEN);
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
