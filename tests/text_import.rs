//! The seed report through the text reader, in every encoding and layout real exports use:
//! each variant must give exactly the golden model and pass check.

use encoding_rs::{GB18030, UTF_16BE, UTF_16LE};
use gongkai::finding::Severity;
use gongkai::model::{Report, Value};
use gongkai::pipeline::{Analysis, analyze_document};
use gongkai::read::{self, Kind, ReadOptions};

const SEED: &str = include_str!("../samples/zhangdian-2023.utf8.txt");
const GOLDEN: &str = include_str!("golden/zhangdian-2023.json");

fn golden() -> Report {
    Report::from_json(GOLDEN).expect("golden JSON is a report")
}

fn analyze_bytes(bytes: &[u8]) -> Analysis {
    let doc = read::read_bytes(bytes, Kind::Text, &ReadOptions::default()).expect("reads");
    analyze_document(&doc)
}

fn assert_seed(a: &Analysis, what: &str) {
    let g = golden();
    assert_eq!(a.report.tables, g.tables, "{what}: table values");
    assert_eq!(a.report.meta, g.meta, "{what}: meta");
    assert_eq!(a.report.sections, g.sections, "{what}: sections");
    let problems: Vec<_> = a
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(problems.is_empty(), "{what}: {problems:#?}");
}

/// The seed rows, re-laid: every tab-led row block becomes one line of tab-separated cells.
fn tab_separated(seed: &str) -> String {
    relayout(seed, "\t", "", "")
}

fn pipes(seed: &str) -> String {
    relayout(seed, " | ", "| ", " |")
}

/// Re-lays the tab-led rows (blocks of "\t" lines ended by a blank line) as one line per row.
fn relayout(seed: &str, sep: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut row: Vec<String> = Vec::new();
    for line in seed.lines() {
        if let Some(cell) = line.strip_prefix('\t') {
            row.push(cell.to_string());
        } else if !row.is_empty() && !line.trim().is_empty() {
            // A line break inside a cell: keep it in the cell, as a space.
            if let Some(last) = row.last_mut() {
                last.push_str(line.trim());
            }
        } else if !row.is_empty() {
            out.push_str(&format!("{open}{}{close}\n", row.join(sep)));
            row.clear();
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn golden_seed_has_the_published_values() {
    let g = golden();
    assert_eq!(g.format, "gov-2021");
    assert_eq!(
        g.meta.organ.as_deref(),
        Some("山东张店经济开发区管理委员会")
    );
    assert_eq!(g.meta.year, Some(2023));
    let ids: Vec<_> = g
        .sections
        .iter()
        .map(|s| s.id.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        ids,
        [
            "overview", "active", "requests", "appeals", "problems", "other"
        ]
    );
    let mut nonzero = Vec::new();
    let mut count = 0;
    for (t, rows) in &g.tables {
        for (r, cols) in rows {
            for (c, v) in cols {
                count += 1;
                assert!(matches!(v, Value::Number(_)), "{t}.{r}.{c} is {v:?}");
                if *v != Value::int(0) {
                    nonzero.push(format!("{t}.{r}.{c}={}", v.display()));
                }
            }
        }
    }
    assert_eq!(count, 200);
    assert_eq!(
        nonzero,
        [
            "requests.new.commercial=1",
            "requests.new.total=1",
            "requests.withheld_third_party.commercial=1",
            "requests.withheld_third_party.total=1",
            "requests.total.commercial=1",
            "requests.total.total=1",
        ]
    );
    let overview = &g.sections[0].paragraphs;
    assert_eq!(overview[1], "（一）主动公开方面");
    assert!(
        g.sections[5]
            .paragraphs
            .iter()
            .any(|p| p.contains("未收取任何信息处理费"))
    );
}

#[test]
fn utf8_seed_matches_golden() {
    assert_seed(&analyze_bytes(SEED.as_bytes()), "utf-8");
}

#[test]
fn gbk_seed_matches_golden() {
    let (bytes, _, _) = GB18030.encode(SEED);
    assert_seed(&analyze_bytes(&bytes), "gb18030");
}

#[test]
fn utf16_with_and_without_bom_matches_golden() {
    let crlf = SEED.replace('\n', "\r\n");
    let le: Vec<u8> = crlf.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = crlf.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut le_bom = vec![0xFF, 0xFE];
    le_bom.extend(&le);
    let mut be_bom = vec![0xFE, 0xFF];
    be_bom.extend(&be);
    assert_seed(&analyze_bytes(&le_bom), "utf-16le bom");
    assert_seed(&analyze_bytes(&be_bom), "utf-16be bom");
    assert_seed(&analyze_bytes(&le), "utf-16le no bom");
    assert_seed(&analyze_bytes(&be), "utf-16be no bom");
    // encoding_rs can also produce these; make sure ours agree with it.
    assert_eq!(UTF_16LE.decode(&le).0, crlf);
    assert_eq!(UTF_16BE.decode(&be).0, crlf);
}

#[test]
fn tab_separated_rows_match_golden() {
    assert_seed(
        &analyze_bytes(tab_separated(SEED).as_bytes()),
        "tab-separated",
    );
}

#[test]
fn pipe_rows_match_golden() {
    assert_seed(&analyze_bytes(pipes(SEED).as_bytes()), "pipes");
}

#[test]
fn one_cell_per_line_matches_golden() {
    let plain: String = SEED
        .lines()
        .map(|l| l.strip_prefix('\t').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let a = analyze_bytes(plain.as_bytes());
    assert_eq!(a.report.tables, golden().tables);
}

#[test]
fn numbers_of_a_row_on_one_line_are_split() {
    let text = SEED.replace("\t规章\n\t0\n\t0\n\t0\n", "\t规章 3 1 12\n");
    let a = analyze_bytes(text.as_bytes());
    assert_eq!(
        a.report.get("active", "rules", "issued"),
        Some(&Value::int(3))
    );
    assert_eq!(
        a.report.get("active", "rules", "in_force"),
        Some(&Value::int(12))
    );
}

#[test]
fn messy_values_are_read_and_noted() {
    let text = SEED
        .replacen("\t行政许可\n\t0\n", "\t行政许可\n\t１２件\n", 1)
        .replacen("\t行政处罚\n\t0\n", "\t行政处罚\n\t/\n", 1)
        .replacen("\t行政强制\n\t0\n", "\t行政强制\n\t\n", 1)
        .replacen(
            "\t行政事业性收费\n\t0\n",
            "\t行政事业性收费\n\t24252.311082\n",
            1,
        );
    let a = analyze_bytes(text.as_bytes());
    let r = &a.report;
    assert_eq!(
        r.get("active", "licensing", "decisions"),
        Some(&Value::int(12))
    );
    assert_eq!(
        r.get("active", "punishment", "decisions"),
        Some(&Value::Text("/".into()))
    );
    assert_eq!(
        r.get("active", "coercion", "decisions"),
        Some(&Value::Blank)
    );
    assert_eq!(
        r.get("active", "fees", "amount")
            .map(Value::display)
            .as_deref(),
        Some("24252.311082")
    );
    assert!(a.findings.iter().any(|f| {
        f.rule == "import.unit_stripped"
            && f.cell
                .as_ref()
                .is_some_and(|c| c.path() == "tables.active.licensing.decisions")
    }));
}

#[test]
fn label_typos_and_half_width_numbering_are_recognised() {
    let text = SEED
        .replace("2.其他法律行政法规禁止公开", "2、其他法律行政止公开")
        .replace("（一）予以公开", "(一)予以公开")
        .replace("\t商业企业", "\t商业 企业");
    let a = analyze_bytes(text.as_bytes());
    assert_eq!(a.report.tables, golden().tables);
}

#[test]
fn encoding_override_and_lossy_mode() {
    let (mut bytes, _, _) = GB18030.encode(SEED);
    let bytes = bytes.to_mut();
    bytes.insert(bytes.len() / 2, 0xFF);
    let strict = read::read_bytes(bytes, Kind::Text, &ReadOptions::default());
    assert!(
        matches!(strict, Err(read::ReadError::Undecodable { .. })),
        "{strict:?}"
    );
    let lossy = ReadOptions {
        encoding: Some("gbk".into()),
        lossy: true,
        ..ReadOptions::default()
    };
    let doc = read::read_bytes(bytes, Kind::Text, &lossy).expect("lossy reads");
    assert_eq!(doc.notes.len(), 1);
}
