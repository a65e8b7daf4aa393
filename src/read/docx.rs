//! Word (.docx) reader: finds the parts of the package, reads styles and numbering, then walks
//! the main part once into the neutral document.

mod body;
mod numbering;
mod numfmt;
mod package;
mod styles;
mod xml;

use super::ReadError;
use crate::document::Document;

/// Reads a .docx package (Transitional or Strict, any namespace prefixes) into a [`Document`].
///
/// Paragraphs carry their automatic list label and heading level; tables keep their grid
/// columns, spans and nested tables. Deleted text of tracked changes, field codes and
/// duplicate fallback copies of text boxes are left out.
///
/// # Errors
/// - [`ReadError::WrongKind`] for a .doc, an .xlsx or any file that is not a Word package;
/// - [`ReadError::Encrypted`] for a password-protected file;
/// - [`ReadError::Corrupt`] for a damaged zip or XML that is not well formed (naming the part);
/// - [`ReadError::TooLarge`] when a part unzips beyond the caps of [`super::limits`] or the XML
///   nests too deep.
pub fn read(bytes: &[u8]) -> Result<Document, ReadError> {
    let mut package = package::open(bytes)?;
    let parts = package.word_parts()?;
    let styles = match &parts.styles {
        Some((name, bytes)) => styles::Styles::parse(name, bytes)?,
        None => styles::Styles::default(),
    };
    let numbering = match &parts.numbering {
        Some((name, bytes)) => Some(numbering::Numbering::parse(name, bytes)?),
        None => None,
    };
    let text = xml::decode(&parts.main_name, &parts.main)?;
    let (blocks, notes) = xml::read_part(&parts.main_name, &text, |reader| {
        body::Walker::new(reader, &styles, numbering.clone()).run()
    })?;
    Ok(Document { blocks, notes })
}
