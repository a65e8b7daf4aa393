//! The diff as readable Chinese text (`--format human`).

use super::{CellChange, Diff};
use crate::model::Value;
use std::fmt::Write as _;

fn who(side: &super::Side) -> String {
    let organ = side.organ.as_deref().unwrap_or("（未写明机关）");
    match side.year {
        Some(y) => format!("{organ} {y}年"),
        None => format!("{organ}（未写明年度）"),
    }
}

fn shown(v: &Value) -> String {
    match v {
        Value::Blank => "（空白）".to_string(),
        v => v.display(),
    }
}

fn cell_line(c: &CellChange) -> String {
    let mut line = format!("  {}：{} → {}", c.labels, shown(&c.last), shown(&c.this));
    if let Some(Value::Number(d)) = &c.change {
        let sign = if d.is_sign_negative() { "" } else { "+" };
        match c.relative {
            Some(r) => {
                let _ = write!(line, "（{sign}{d}，{:+.1}%）", r * 100.0);
            }
            None => {
                let _ = write!(line, "（{sign}{d}）");
            }
        }
    }
    if c.swing {
        line.push_str("  【大幅变动】");
    }
    line
}

impl Diff {
    /// The diff as text: the two reports, the changed cells (swings marked), the cross-year and
    /// repetition findings, and per section the share of sentences standing in last year's with
    /// the repeated sentences.
    pub fn render_human(&self) -> String {
        let mut out = String::new();
        let th = &self.thresholds;
        let _ = writeln!(
            out,
            "上年：{}（{}）\n本年：{}（{}）\n",
            who(&self.last),
            self.last.file,
            who(&self.this),
            self.this.file
        );
        for note in &self.notes {
            let _ = writeln!(out, "注意：{note}\n");
        }
        let swings = self.swings().count();
        let _ = writeln!(
            out,
            "表格：{} 格有变化，其中 {swings} 处大幅变动（总计增至上年的 {} 倍以上或减至 {} 分之一以下，且不小于 {}）",
            self.cells.len(),
            th.swing_factor,
            th.swing_factor,
            th.swing_floor
        );
        for c in &self.cells {
            let _ = writeln!(out, "{}", cell_line(c));
        }
        let _ = writeln!(out, "\n核对（{} 条）：", self.findings.len());
        for f in &self.findings {
            let _ = writeln!(out, "  {f}");
            if let (Some(labels), Some(cell)) = (&f.labels, &f.cell) {
                let _ = writeln!(out, "     | {labels}（{}）", cell.path());
            }
        }
        let _ = writeln!(
            out,
            "\n正文与上年同一部分相同的句子（数字、年份、空白不计；超过 {:.0}% 为雷同）：",
            th.repeated_share * 100.0
        );
        for s in &self.sections {
            match s.share {
                Some(share) => {
                    let _ = writeln!(
                        out,
                        "  {}：{} 句中 {} 句相同（{:.0}%）",
                        s.heading,
                        s.sentences,
                        (share * s.sentences as f64).round(),
                        share * 100.0
                    );
                }
                None => {
                    let _ = writeln!(out, "  {}：没有可比的句子", s.heading);
                }
            }
            for r in &s.repeated {
                let _ = writeln!(out, "    · {r}");
            }
        }
        out
    }
}
