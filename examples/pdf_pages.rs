//! Prints what the PDF extractor sees: `cargo run --example pdf_pages -- FILE.pdf [text|json]`.
//!
//! `text` (the default) prints each page's glyph texts in drawing order, its rule and image
//! counts and the notes; `json` prints the pages as the layout receives them.

use gongkai::read::pdf::extract;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: pdf_pages FILE.pdf [text|json]");
        std::process::exit(2);
    };
    let mode = args.next().unwrap_or_else(|| "text".into());
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let start = std::time::Instant::now();
    let out = match extract::extract(&bytes) {
        Ok(out) => out,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let took = start.elapsed();
    if mode == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&out.pages).unwrap_or_default()
        );
        return;
    }
    for page in &out.pages {
        let text: String = page.glyphs.iter().map(|g| g.text.as_str()).collect();
        println!(
            "--- page {} ({:.1}×{:.1} pt): {} glyphs, {} rules, {} images",
            page.number,
            page.width,
            page.height,
            page.glyphs.len(),
            page.rules.len(),
            page.images
        );
        println!("{text}");
    }
    for note in &out.notes {
        println!("note: {} {}", note.place, note.message);
    }
    eprintln!("{took:?}");
}
