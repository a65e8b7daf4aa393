//! The parts of the package around the main document: content types, relationships, styles,
//! settings, font table, footers with page numbers, document properties, and the zip itself.

use super::WriteError;
use super::style::{Align, Style, Text, mm_to_twips, pt_to_half_points, pt_to_twips};
use super::table::TABLE_STYLE;
use super::xml::{DECL, NS_R, NS_W, escape, escape_into, run_into};
use std::io::Write as _;

/// Relationship id of the odd-page (default) footer.
pub const FOOTER_ODD: &str = "rIdFooterOdd";
/// Relationship id of the even-page footer.
pub const FOOTER_EVEN: &str = "rIdFooterEven";

const CONTENT_TYPES: &str = concat!(
    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
    "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
    "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>",
    "<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>",
    "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>",
    "<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>",
    "<Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/>",
    "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>",
    "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    "</Types>"
);

const PACKAGE_RELS: &str = concat!(
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>",
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>",
    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>",
    "</Relationships>"
);

const DOCUMENT_RELS: &str = concat!(
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>",
    "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    "<Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>",
    "<Relationship Id=\"rIdTheme\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>",
    "<Relationship Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    "<Relationship Id=\"rIdFooterEven\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>",
    "</Relationships>"
);

/// A minimal Office theme (Word expects one; fonts come from the styles, not from it).
const THEME: &str = include_str!("theme1.xml");

const SETTINGS: &str = concat!(
    "<w:zoom w:percent=\"100\"/>",
    "<w:defaultTabStop w:val=\"420\"/>",
    "<w:evenAndOddHeaders/>",
    "<w:characterSpacingControl w:val=\"compressPunctuation\"/>",
    "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>",
    "<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>",
    "<w:decimalSymbol w:val=\".\"/>",
    "<w:listSeparator w:val=\",\"/>",
);

/// Style ids of styles.xml.
pub mod ids {
    /// Body text (the default paragraph style).
    pub const BODY: &str = "Normal";
    /// Title lines.
    pub const TITLE: &str = "Title";
    /// Level-1 headings.
    pub const HEADING1: &str = "Heading1";
    /// Level-2 headings.
    pub const HEADING2: &str = "Heading2";
    /// Page numbers.
    pub const FOOTER: &str = "Footer";
}

fn fonts_into(out: &mut String, font: &str) {
    let f = escape(font);
    out.push_str(&format!(
        "<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/>"
    ));
}

fn size_into(out: &mut String, size_pt: f64) {
    let sz = pt_to_half_points(size_pt);
    out.push_str(&format!("<w:sz w:val=\"{sz}\"/><w:szCs w:val=\"{sz}\"/>"));
}

/// The run properties of a run-in heading (the words of "（一）主动公开情况。" opening a body
/// paragraph): the level-2 heading's font, boldness and size.
pub fn run_in_props(style: &Style) -> String {
    let h = &style.heading2;
    let mut out = String::new();
    fonts_into(&mut out, &h.font);
    if h.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if h.size_pt != style.body.size_pt {
        size_into(&mut out, h.size_pt);
    }
    out
}

/// One paragraph style from a [`Text`]; `outline` is the heading level (0-based) if any.
fn text_style_into(out: &mut String, id: &str, name: &str, t: &Text, outline: Option<u8>) {
    let custom = if id == TABLE_STYLE {
        " w:customStyle=\"1\""
    } else {
        ""
    };
    let default = if id == ids::BODY {
        " w:default=\"1\""
    } else {
        ""
    };
    out.push_str(&format!(
        "<w:style w:type=\"paragraph\"{default}{custom} w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>"
    ));
    if id != ids::BODY {
        out.push_str("<w:next w:val=\"Normal\"/>");
    }
    out.push_str("<w:qFormat/><w:pPr>");
    if outline.is_some() || id == ids::TITLE {
        out.push_str("<w:keepNext/>");
    }
    if id == TABLE_STYLE {
        out.push_str("<w:snapToGrid w:val=\"0\"/>");
    }
    let (line, rule) = if t.line_pt > 0.0 {
        (pt_to_twips(t.line_pt), "exact")
    } else {
        (240, "auto")
    };
    out.push_str(&format!(
        "<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"{line}\" w:lineRule=\"{rule}\"/>",
        pt_to_twips(t.space_before_pt),
        pt_to_twips(t.space_after_pt)
    ));
    if t.indent_chars > 0.0 {
        let chars = (t.indent_chars * 100.0).round() as u32;
        let twips = pt_to_twips(t.indent_chars * t.size_pt);
        out.push_str(&format!(
            "<w:ind w:firstLineChars=\"{chars}\" w:firstLine=\"{twips}\"/>"
        ));
    }
    out.push_str(&format!("<w:jc w:val=\"{}\"/>", t.align.ooxml()));
    if let Some(level) = outline {
        out.push_str(&format!("<w:outlineLvl w:val=\"{level}\"/>"));
    }
    out.push_str("</w:pPr><w:rPr>");
    fonts_into(out, &t.font);
    if t.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    size_into(out, t.size_pt);
    out.push_str("</w:rPr></w:style>");
}

/// styles.xml: document defaults (body font, zh-CN) and the paragraph styles.
pub fn styles_xml(style: &Style) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str(DECL);
    out.push_str(&format!(
        "<w:styles xmlns:w=\"{NS_W}\"><w:docDefaults><w:rPrDefault><w:rPr>"
    ));
    fonts_into(&mut out, &style.body.font);
    size_into(&mut out, style.body.size_pt);
    out.push_str("<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/>");
    out.push_str("</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl w:val=\"0\"/>");
    out.push_str("</w:pPr></w:pPrDefault></w:docDefaults>");
    text_style_into(&mut out, ids::BODY, "Normal", &style.body, None);
    text_style_into(&mut out, ids::TITLE, "Title", &style.title, None);
    text_style_into(
        &mut out,
        ids::HEADING1,
        "heading 1",
        &style.heading1,
        Some(0),
    );
    text_style_into(
        &mut out,
        ids::HEADING2,
        "heading 2",
        &style.heading2,
        Some(1),
    );
    text_style_into(&mut out, TABLE_STYLE, "Table Text", &style.table, None);
    let f = &style.footer;
    out.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{}\"><w:name w:val=\"footer\"/><w:pPr>",
        ids::FOOTER
    ));
    out.push_str("<w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr><w:rPr>");
    fonts_into(&mut out, &f.font);
    size_into(&mut out, f.size_pt);
    out.push_str("</w:rPr></w:style>");
    out.push_str("<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>");
    out.push_str("</w:styles>");
    out
}

/// settings.xml: different odd and even footers, Chinese punctuation compression.
pub fn settings_xml() -> String {
    format!("{DECL}<w:settings xmlns:w=\"{NS_W}\">{SETTINGS}</w:settings>")
}

/// fontTable.xml: every font the styles name, each with the font a stock Windows or WPS PC has
/// in its place (`w:altName`, from the template's `[font_fallbacks]`), and those fonts in turn,
/// so that a missing 仿宋_GB2312 is set in 仿宋 (FangSong), never in a Latin default.
pub fn font_table_xml(style: &Style) -> String {
    let mut names: Vec<&str> = Vec::new();
    for f in [
        &style.body.font,
        &style.title.font,
        &style.heading1.font,
        &style.heading2.font,
        &style.table.font,
        &style.footer.font,
    ] {
        // The font, then its chain of fallbacks (each at most once, so a cycle ends).
        let mut next = Some(f.as_str());
        while let Some(name) = next.filter(|n| !names.contains(n)) {
            names.push(name);
            next = style.font_fallback(name);
        }
    }
    let mut out = format!("{DECL}<w:fonts xmlns:w=\"{NS_W}\">");
    for name in names {
        // Chinese fonts (and the Latin names of their fallbacks) are GB2312 fonts (charset
        // 134 = 0x86).
        let chinese = !name.is_ascii() || style.is_fallback_of_chinese(name);
        let charset = if chinese { "86" } else { "00" };
        out.push_str("<w:font w:name=\"");
        escape_into(&mut out, name);
        out.push_str("\">");
        if let Some(alt) = style.font_fallback(name) {
            out.push_str("<w:altName w:val=\"");
            escape_into(&mut out, alt);
            out.push_str("\"/>");
        }
        out.push_str(&format!(
            "<w:charset w:val=\"{charset}\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>"
        ));
    }
    out.push_str("</w:fonts>");
    out
}

/// A footer part with the page number aligned as `align`, indented from that side.
pub fn footer_xml(style: &Style, align: Align) -> String {
    let f = &style.footer;
    let mut out = format!("{DECL}<w:ftr xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\"><w:p><w:pPr>");
    out.push_str(&format!("<w:pStyle w:val=\"{}\"/>", ids::FOOTER));
    let chars = (f.side_indent_chars * 100.0).round() as u32;
    let twips = pt_to_twips(f.side_indent_chars * f.size_pt);
    match align {
        Align::Right if chars > 0 => out.push_str(&format!(
            "<w:ind w:right=\"{twips}\" w:rightChars=\"{chars}\"/>"
        )),
        Align::Left if chars > 0 => out.push_str(&format!(
            "<w:ind w:left=\"{twips}\" w:leftChars=\"{chars}\"/>"
        )),
        _ => {}
    }
    out.push_str(&format!("<w:jc w:val=\"{}\"/></w:pPr>", align.ooxml()));
    let (before, after) = f
        .page_number
        .split_once("{page}")
        .unwrap_or((f.page_number.as_str(), ""));
    run_into(&mut out, before);
    out.push_str("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>");
    out.push_str("<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>");
    out.push_str("<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>");
    out.push_str("<w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
    run_into(&mut out, after);
    out.push_str("</w:p></w:ftr>");
    out
}

/// The section properties closing the body: page size, margins, footers.
pub fn sect_pr(style: &Style) -> String {
    let p = &style.page;
    format!(
        concat!(
            "<w:sectPr>",
            "<w:footerReference w:type=\"even\" r:id=\"{even}\"/>",
            "<w:footerReference w:type=\"default\" r:id=\"{odd}\"/>",
            "<w:pgSz w:w=\"{w}\" w:h=\"{h}\"/>",
            "<w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" ",
            "w:header=\"{header}\" w:footer=\"{footer}\" w:gutter=\"0\"/>",
            "<w:cols w:space=\"425\"/>",
            "</w:sectPr>"
        ),
        even = FOOTER_EVEN,
        odd = FOOTER_ODD,
        w = mm_to_twips(p.width_mm),
        h = mm_to_twips(p.height_mm),
        top = mm_to_twips(p.margin_top_mm),
        right = mm_to_twips(p.margin_right_mm),
        bottom = mm_to_twips(p.margin_bottom_mm),
        left = mm_to_twips(p.margin_left_mm),
        header = mm_to_twips(p.header_mm),
        footer = mm_to_twips(p.footer_mm),
    )
}

fn core_xml(title: Option<&str>) -> String {
    let mut out = format!(
        "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    );
    if let Some(t) = title {
        out.push_str("<dc:title>");
        escape_into(&mut out, t);
        out.push_str("</dc:title>");
    }
    out.push_str(
        "<dc:creator>gongkai</dc:creator><dc:language>zh-CN</dc:language></cp:coreProperties>",
    );
    out
}

fn app_xml() -> String {
    format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>gongkai {}</Application></Properties>",
        env!("CARGO_PKG_VERSION")
    )
}

/// Zips the parts into a .docx package. `document` is the whole word/document.xml.
///
/// # Errors
/// [`WriteError::Docx`] when the zip writer fails.
pub fn package(document: &str, style: &Style, title: Option<&str>) -> Result<Vec<u8>, WriteError> {
    let parts: [(&str, String); 12] = [
        ("[Content_Types].xml", format!("{DECL}{CONTENT_TYPES}")),
        ("_rels/.rels", format!("{DECL}{PACKAGE_RELS}")),
        ("word/document.xml", document.to_string()),
        (
            "word/_rels/document.xml.rels",
            format!("{DECL}{DOCUMENT_RELS}"),
        ),
        ("word/styles.xml", styles_xml(style)),
        ("word/settings.xml", settings_xml()),
        ("word/fontTable.xml", font_table_xml(style)),
        ("word/theme/theme1.xml", THEME.to_string()),
        (
            "word/footer1.xml",
            footer_xml(style, style.footer.odd_align),
        ),
        (
            "word/footer2.xml",
            footer_xml(style, style.footer.even_align),
        ),
        ("docProps/core.xml", core_xml(title)),
        ("docProps/app.xml", app_xml()),
    ];
    let fail = |e: &dyn std::fmt::Display| WriteError::Docx(e.to_string());
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(
        document.len() / 3 + 8192,
    )));
    // Deflate at level 1: a report's parts shrink almost as much as at the default 6 for a
    // fraction of the time; parts of a few hundred bytes are stored, as setting up the
    // compressor costs more than it saves.
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    let stored = deflated
        .compression_method(zip::CompressionMethod::Stored)
        .compression_level(None);
    for (name, content) in &parts {
        let options = if content.len() < 1024 {
            stored
        } else {
            deflated
        };
        zip.start_file(*name, options).map_err(|e| fail(&e))?;
        zip.write_all(content.as_bytes()).map_err(|e| fail(&e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&e))?;
    Ok(cursor.into_inner())
}
