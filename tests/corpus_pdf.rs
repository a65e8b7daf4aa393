//! Sweeps the PDF robustness corpus (`../shared/corpus/pdf`): every file gives a document or a
//! clean error within 2 s, never a panic, and the outcome table matches the committed one
//! (`tests/corpus/pdf_outcomes.tsv`). Set `GONGKAI_BLESS=1` to rewrite the table on purpose.
//!
//! The outcome of a file read counts its blocks and its replacement characters (U+FFFD from
//! glyphs without a known character), so a change that loses text or maps fewer glyphs shows.

use gongkai::document::Document;
use gongkai::read::{ReadError, ReadOptions, pdf};
#[path = "common/corpus.rs"]
mod corpus;

use corpus::variant;
use std::time::Duration;

/// 2 s per file, in the debug build too (the slowest corpus file takes some 0.1 s there); the
/// machine may be shared, so an optimised build is held to the same bar with room to spare.
const BUDGET: Duration = Duration::from_secs(2);

fn outcome(result: &Result<Document, ReadError>) -> String {
    match result {
        Ok(doc) => {
            let text = serde_json::to_string(&doc.blocks).unwrap_or_default();
            let unmapped = text.matches('\u{fffd}').count();
            format!("ok {} blocks, {unmapped} unmapped", doc.blocks.len())
        }
        Err(e) => format!("error {}", variant(e)),
    }
}

#[test]
fn corpus_pdf_outcomes_are_unchanged() {
    corpus::check_corpus("pdf", "pdf_outcomes.tsv", BUDGET, |bytes| {
        outcome(&pdf::read(bytes, &ReadOptions::default()))
    });
}
