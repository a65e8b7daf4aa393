//! The standard as the page draws it: the sections and each table's cells placed on a grid with
//! their merged headers and labels, taken from the layout the Excel writer uses, so the page
//! spells no label of the standard.

use super::State;
use crate::standard::{self, SectionKind, Standard};
use crate::write::xlsx::layout::{self, What};
use axum::Json;
use axum::extract::State as Shared;
use serde_json::{Value, json};
use std::sync::Arc;

/// `GET /api/standard`: the current standard's sections and table layouts.
pub async fn standard(Shared(_): Shared<Arc<State>>) -> Json<Value> {
    Json(describe(standard::current()))
}

/// A standard's sections and tables as JSON: each table a grid of `height` rows and `width`
/// columns whose cells are `{r0, c0, r1, c1, kind, text}` (`kind` header, group, label, filler)
/// or `{…, kind: "value", row, col}`.
pub fn describe(std: &Standard) -> Value {
    let sections: Vec<Value> = std
        .sections
        .iter()
        .map(|s| {
            json!({
                "id": s.id,
                "heading": s.printed(),
                "table": s.table,
                "prose": s.kind == SectionKind::Prose,
            })
        })
        .collect();
    let sheets = layout::layouts(std);
    let tables: Vec<Value> = std
        .tables
        .iter()
        .zip(sheets.iter())
        .map(|(t, sheet)| {
            let cells: Vec<Value> = sheet
                .cells
                .iter()
                .map(|p| {
                    let mut cell = json!({ "r0": p.r0, "c0": p.c0, "r1": p.r1, "c1": p.c1 });
                    let (kind, text) = match &p.what {
                        What::Filler => ("filler", None),
                        What::Header(t) => ("header", Some(t)),
                        What::Group(t) => ("group", Some(t)),
                        What::Label(t) => ("label", Some(t)),
                        What::Value { row, col } => {
                            cell["row"] = json!(row);
                            cell["col"] = json!(col);
                            ("value", None)
                        }
                    };
                    cell["kind"] = json!(kind);
                    if let Some(t) = text {
                        cell["text"] = json!(t);
                    }
                    cell
                })
                .collect();
            json!({
                "id": t.id,
                "section": t.section,
                "height": sheet.height,
                "width": sheet.widths.len(),
                "cells": cells,
            })
        })
        .collect();
    json!({
        "id": std.id,
        "name": std.name,
        "cells": std.cell_count(),
        "sections": sections,
        "tables": tables,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_standard_cell_is_placed_once() {
        let std = standard::current();
        let d = describe(std);
        let values = d["tables"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|t| t["cells"].as_array().into_iter().flatten())
            .filter(|c| c["kind"] == "value")
            .count();
        assert_eq!(values, std.cell_count());
        assert_eq!(
            d["sections"].as_array().map(Vec::len),
            Some(std.sections.len())
        );
    }
}
