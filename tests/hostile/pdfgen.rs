//! Builds small PDF files in tests: numbered objects, a correct cross-reference table, a
//! trailer. Enough for hand-made pages, fonts and hostile structures.

#![allow(dead_code)]

/// A PDF under construction; object 1 is the catalog by convention.
#[derive(Default)]
pub struct Pdf {
    objects: Vec<Vec<u8>>,
    trailer_extra: String,
}

impl Pdf {
    /// An empty file.
    pub fn new() -> Self {
        Pdf::default()
    }

    /// Adds an object (its body, without `obj`/`endobj`) and returns its number.
    pub fn add(&mut self, body: impl Into<Vec<u8>>) -> usize {
        self.objects.push(body.into());
        self.objects.len()
    }

    /// Sets an object added earlier (numbers are 1-based).
    pub fn set(&mut self, number: usize, body: impl Into<Vec<u8>>) {
        self.objects[number - 1] = body.into();
    }

    /// How many objects there are (the last number given out).
    pub fn objects_len(&self) -> usize {
        self.objects.len()
    }

    /// Reserves an object number to fill in later with [`Pdf::set`].
    pub fn reserve(&mut self) -> usize {
        self.add("null")
    }

    /// Adds a stream object with `dict` entries (without `/Length`) and `data`.
    pub fn stream(&mut self, dict: &str, data: &[u8]) -> usize {
        let mut body = format!("<< /Length {} {dict} >>\nstream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        self.add(body)
    }

    /// Adds `text` to the trailer dictionary (e.g. an `/Encrypt` entry).
    pub fn trailer(&mut self, text: &str) {
        self.trailer_extra.push_str(text);
    }

    /// The file's bytes, with object 1 as `/Root`.
    pub fn bytes(&self) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in self.objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n", self.objects.len() + 1).as_bytes());
        out.extend_from_slice(b"0000000000 65535 f \n");
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R {} >>\nstartxref\n{xref}\n%%EOF\n",
                self.objects.len() + 1,
                self.trailer_extra
            )
            .as_bytes(),
        );
        out
    }
}

/// Fills the page tree `pages` (reserved) with one page per `(font, content)`: the content
/// stream shown with font object `font` as resource `/F1`.
pub fn page_tree(pdf: &mut Pdf, pages: usize, contents: &[(usize, &[u8])]) {
    let mut kids = Vec::new();
    for (font, content) in contents {
        let c = pdf.stream("", content);
        kids.push(pdf.add(format!(
            "<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {c} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
        )));
    }
    let kids: Vec<String> = kids.iter().map(|k| format!("{k} 0 R")).collect();
    pdf.set(
        pages,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            kids.len()
        ),
    );
}

/// A one-font file: catalog (1), pages (2), the font (3) given as a dictionary body, and one
/// page per content stream (font resource `/F1`).
pub fn with_font(font: &str, contents: &[&[u8]]) -> Vec<u8> {
    let mut pdf = Pdf::new();
    pdf.add("<< /Type /Catalog /Pages 2 0 R >>");
    let pages = pdf.reserve();
    let font = pdf.add(font);
    let contents: Vec<(usize, &[u8])> = contents.iter().map(|c| (font, *c)).collect();
    page_tree(&mut pdf, pages, &contents);
    pdf.bytes()
}

/// A Helvetica (WinAnsi) page showing `text` at (72, 700), 12 pt.
pub fn hello(text: &str) -> Vec<u8> {
    let content = format!("BT /F1 12 Tf 72 700 Td ({text}) Tj ET");
    with_font(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        &[content.as_bytes()],
    )
}
