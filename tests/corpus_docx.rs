//! Sweeps the robustness corpus (`../shared/corpus/docx`): every file gives a document or a
//! clean error within 2 s, never a panic, and the outcome table matches the committed one
//! (`tests/corpus/docx_outcomes.tsv`). Set `GONGKAI_BLESS=1` to rewrite the table on purpose.

use gongkai::document::Document;
use gongkai::read::{ReadError, docx};
#[path = "common/corpus.rs"]
mod corpus;

use corpus::variant;
use std::time::Duration;

/// 2 s per file in an optimised build (`cargo test --release --test corpus_docx`).
/// Unoptimised test builds (plain `cargo test`) run the same code 10–20 times slower, and the
/// machine may be shared, so they only guard against hangs.
const BUDGET: Duration = if cfg!(debug_assertions) {
    Duration::from_secs(60)
} else {
    Duration::from_secs(2)
};

fn outcome(result: &Result<Document, ReadError>) -> String {
    match result {
        Ok(doc) => format!("ok {} blocks", doc.blocks.len()),
        Err(e) => format!("error {}", variant(e)),
    }
}

#[test]
fn corpus_docx_outcomes_are_unchanged() {
    corpus::check_corpus("docx", "docx_outcomes.tsv", BUDGET, |bytes| {
        outcome(&docx::read(bytes))
    });
}
