//! The report model: everything a report says, in the ids of the standard, whatever file it came from.
//!
//! Serialised to JSON as `format`, `meta.*`, `sections[]` and `tables.<table>.<row>.<col>`; those
//! ids are a public interface.

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::str::FromStr;

use crate::standard::Standard;

/// One cell of a standard table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Value {
    /// Nothing printed (distinct from 0).
    #[default]
    Blank,
    /// A number, exact (counts are integers, amounts keep their decimals).
    Number(Decimal),
    /// Something that is not a number, kept as printed ("/", "—", "约5件" …).
    Text(String),
}

/// Marks that reports print for "none" or "not applicable".
const DASHES: &[&str] = &[
    "/", "／", "\\", "-", "－", "—", "——", "–", "―", "─", "无", "——/", "×",
];

/// True for text that is a "nothing" mark such as "/" or "—" (surrounding spaces ignored).
pub fn is_dash_text(text: &str) -> bool {
    DASHES.contains(&text.trim())
}

impl Value {
    /// A number value.
    pub fn number(d: Decimal) -> Value {
        Value::Number(d)
    }

    /// An integer value.
    pub fn int(n: i64) -> Value {
        Value::Number(Decimal::from(n))
    }

    /// True for a "nothing" mark such as "/" or "—".
    pub fn is_dash(&self) -> bool {
        matches!(self, Value::Text(t) if is_dash_text(t))
    }

    /// The value for arithmetic: a number; blank and dash marks count as 0; other text has none.
    pub fn numeric(&self) -> Option<Decimal> {
        match self {
            Value::Number(d) => Some(*d),
            Value::Blank => Some(Decimal::ZERO),
            Value::Text(_) if self.is_dash() => Some(Decimal::ZERO),
            Value::Text(_) => None,
        }
    }

    /// The value as a writer prints it: digits as kept, blank as "", text as it was read.
    pub fn display(&self) -> String {
        match self {
            Value::Blank => String::new(),
            Value::Number(d) => d.to_string(),
            Value::Text(t) => t.clone(),
        }
    }

    /// True for [`Value::Blank`].
    pub fn is_blank(&self) -> bool {
        matches!(self, Value::Blank)
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Blank => s.serialize_none(),
            Value::Number(d) => match serde_json::Number::from_str(&d.to_string()) {
                Ok(n) => n.serialize(s),
                Err(_) => s.serialize_str(&d.to_string()),
            },
            Value::Text(t) => s.serialize_str(t),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let v = serde_json::Value::deserialize(d)?;
        match v {
            serde_json::Value::Null => Ok(Value::Blank),
            serde_json::Value::Number(n) => {
                let text = n.to_string();
                Decimal::from_str(&text)
                    .or_else(|_| Decimal::from_scientific(&text))
                    .map(Value::Number)
                    .map_err(serde::de::Error::custom)
            }
            serde_json::Value::String(t) => Ok(Value::Text(t)),
            other => Err(serde::de::Error::custom(format!(
                "表格单元格应为数字、null 或文字，而不是 {other}"
            ))),
        }
    }
}

/// A map keyed by ids, in insertion (the standard's) order. Hashed with foldhash (seeded per
/// process, so crafted keys cannot make it quadratic): looking up cells by id is most of what the
/// checks do, and SipHash made that a tenth of a report's whole analysis.
pub type Map<V> = IndexMap<String, V, foldhash::fast::RandomState>;

/// The values of one table: row id → column id → value, in the standard's order.
pub type TableValues = Map<Map<Value>>;

/// Facts about the report: who, which year, how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Meta {
    /// 机关名称.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organ: Option<String>,
    /// The reporting year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The title as printed (lines joined without separator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// First day of the statistical period, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_start: Option<String>,
    /// Last day of the statistical period, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<String>,
    /// Contact facts by the ids of the standard's `meta` fields (address, postcode, phone, fax, email).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub contact: Map<String>,
    /// Paragraphs between the title and the first section (the opening paragraph), verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preamble: Vec<String>,
}

/// A section of the report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The standard section id (`overview` …), or `null` for a section the standard lacks.
    pub id: Option<String>,
    /// The heading text as printed, without its number ("主动公开政府信息情况").
    pub heading: String,
    /// Paragraphs, verbatim (sub-headings are paragraphs too), leading/trailing blanks trimmed.
    #[serde(default)]
    pub paragraphs: Vec<String>,
    /// Tables in this section that are not standard tables, as rows of cell texts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_tables: Vec<Vec<Vec<String>>>,
}

/// A whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The format id (`gov-2021`).
    pub format: String,
    /// The format the report was converted from (`gov-2019`), when it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted_from: Option<String>,
    /// Facts.
    pub meta: Meta,
    /// Sections in the order printed.
    pub sections: Vec<Section>,
    /// Table id → its values. Every standard cell is present.
    pub tables: Map<TableValues>,
    /// Values of another format that this one has no cell for, kept after a conversion
    /// ([`crate::convert`]), keyed by their path in that format
    /// (`tables.active.licensing.previous_items` of gov-2019). Empty unless converted.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub carried: Map<Value>,
}

impl Report {
    /// An empty report of a standard: every cell blank, the standard's sections with no prose.
    pub fn empty(std: &Standard) -> Report {
        let tables = std
            .tables
            .iter()
            .map(|t| {
                let rows = t
                    .rows
                    .iter()
                    .map(|r| {
                        let cols = t
                            .columns_of(r)
                            .into_iter()
                            .map(|c| (c.id.clone(), Value::Blank))
                            .collect();
                        (r.id.clone(), cols)
                    })
                    .collect();
                (t.id.clone(), rows)
            })
            .collect();
        Report {
            format: std.id.clone(),
            converted_from: None,
            meta: Meta::default(),
            sections: Vec::new(),
            tables,
            carried: Map::default(),
        }
    }

    /// The value of a cell by ids.
    pub fn get(&self, table: &str, row: &str, col: &str) -> Option<&Value> {
        self.tables.get(table)?.get(row)?.get(col)
    }

    /// Sets a cell by ids; returns false when the standard has no such cell.
    pub fn set(&mut self, table: &str, row: &str, col: &str, value: Value) -> bool {
        match self
            .tables
            .get_mut(table)
            .and_then(|t| t.get_mut(row))
            .and_then(|r| r.get_mut(col))
        {
            Some(slot) => {
                *slot = value;
                true
            }
            None => false,
        }
    }

    /// The section with a standard id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id.as_deref() == Some(id))
    }

    /// Serialises the report as pretty JSON.
    ///
    /// # Errors
    /// Never in practice (every field serialises); the `Result` is serde's.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        serde_json::to_string_pretty(self)
    }

    /// Reads a report from gongkai's JSON.
    ///
    /// # Errors
    /// When the JSON does not have the shape of a report.
    pub fn from_json(text: &str) -> Result<Report, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::standard;

    #[test]
    fn empty_report_has_every_standard_cell_blank() {
        let r = Report::empty(standard::current());
        let n: usize = r
            .tables
            .values()
            .flat_map(|t| t.values())
            .map(|row| row.len())
            .sum();
        assert_eq!(n, 200);
        assert_eq!(r.get("requests", "new", "total"), Some(&Value::Blank));
    }

    #[test]
    fn amounts_serialise_exactly_and_blank_is_null() {
        let mut r = Report::empty(standard::current());
        let amount = Decimal::from_str("24252.311082").expect("decimal");
        r.set("active", "fees", "amount", Value::Number(amount));
        r.set("requests", "new", "natural", Value::Text("/".into()));
        let json = r.to_json().expect("json");
        assert!(json.contains("\"amount\": 24252.311082"));
        assert!(json.contains("\"natural\": \"/\""));
        assert!(json.contains("\"total\": null"));
        let back = Report::from_json(&json).expect("reads back");
        assert_eq!(back, r);
    }

    #[test]
    fn dash_marks_count_as_zero_but_words_do_not() {
        assert_eq!(Value::Text("—".into()).numeric(), Some(Decimal::ZERO));
        assert_eq!(Value::Text("约5件".into()).numeric(), None);
        assert_eq!(Value::Blank.numeric(), Some(Decimal::ZERO));
    }
}
