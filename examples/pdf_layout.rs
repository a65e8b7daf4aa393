//! Prints what the PDF layout makes of a file: `cargo run --example pdf_layout -- FILE.pdf`.
//!
//! One line per paragraph (its place and text), each table as rows of `[column:rows×columns]text`
//! cells, then the notes — to see why a cell went where it did.

use gongkai::document::Block;
use gongkai::read::pdf::{extract, layout};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: pdf_layout FILE.pdf");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(2);
    });
    let pages = match extract::extract(&bytes) {
        Ok(out) => out.pages,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let doc = layout::document(&pages);
    for block in &doc.blocks {
        match block {
            Block::Paragraph(p) => println!("P {} | {}", p.place, p.text),
            Block::Table(t) => {
                println!("T {}", t.place);
                for row in &t.rows {
                    let cells: Vec<String> = row
                        .cells
                        .iter()
                        .map(|c| format!("[{}:{}x{}]{}", c.col, c.row_span, c.col_span, c.text))
                        .collect();
                    println!("   {}", cells.join(" "));
                }
            }
        }
    }
    for note in &doc.notes {
        println!("N {} {}", note.place, note.message);
    }
}
