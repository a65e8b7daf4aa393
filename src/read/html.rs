//! Web page reader: a report saved from a government portal, its tables kept as grids and the
//! portal's chrome (menus, breadcrumbs, footers, scripts) left out.
//!
//! The page is parsed by html5ever (through `scraper`), the parser browsers' rules are written
//! for, so broken markup is repaired the way a browser repairs it. The reader then picks the
//! element that holds the page's main content ([`content_root`]) and walks it into paragraphs
//! and tables ([`walk`]).

mod charset;
mod walk;

use super::{ReadError, ReadOptions, limits};
use crate::document::Document;
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{Html, Node};
use std::collections::HashMap;

type NodeRef<'a> = ego_tree::NodeRef<'a, Node>;

/// Reads an HTML page into a [`Document`].
///
/// The encoding is chosen as: `opts.encoding`, then a byte-order mark, then the charset a
/// `<meta>` tag declares in the first 4 KB (gb2312 and gbk are decoded as GB18030), then
/// detection. Paragraphs get [`crate::document::Place::Paragraph`], table cells
/// [`crate::document::Place::TableCell`] (tables numbered in page order, nested ones included).
///
/// # Errors
/// Decoding errors as [`super::text::decode`]; [`ReadError::TooLarge`] when elements nest
/// deeper than [`limits::MAX_XML_DEPTH`] or the tables hold more than [`limits::MAX_CELLS`].
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<Document, ReadError> {
    let declared = charset::declared(bytes);
    let decoded = super::text::decode(bytes, opts, declared.as_deref())?;
    let html = Html::parse_document(&decoded.text);
    let stats = Stats::of(html.tree.root())?;
    let root = content_root(&html, &stats);
    let mut doc = walk::blocks(root, &stats)?;
    doc.notes.extend(decoded.notes);
    Ok(doc)
}

/// Elements whose content is never shown as page text, or is page chrome by its very tag.
fn hidden_tag(name: &str) -> bool {
    matches!(
        name,
        "head"
            | "title"
            | "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "object"
            | "embed"
            | "svg"
            | "math"
            | "canvas"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "map"
            | "audio"
            | "video"
            | "nav"
            | "aside"
    )
}

/// A page's `<header>`/`<footer>` is chrome; an article's own (inside `<article>` or `<main>`)
/// holds its title or notes and is kept.
fn page_landmark(node: NodeRef<'_>, name: &str) -> bool {
    matches!(name, "header" | "footer")
        && !node
            .ancestors()
            .any(|a| matches!(element_name(a), Some("article" | "main")))
}

/// Elements whose text never counts as page content.
fn hidden_element(node: NodeRef<'_>, name: &str) -> bool {
    hidden_tag(name) || page_landmark(node, name)
}

fn is_heading(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// Text measures of one element, in visible non-space characters.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    /// All text.
    text: usize,
    /// Text inside links.
    link: usize,
    /// Number of links with text.
    links: usize,
    /// Text inside paragraphs and headings.
    prose: usize,
    /// Text inside tables that hold no other table (data tables rather than layout).
    leaf_table: usize,
    /// Number of tables, this element included.
    tables: usize,
}

impl Measure {
    fn add(&mut self, other: &Measure) {
        self.text += other.text;
        self.link += other.link;
        self.links += other.links;
        self.prose += other.prose;
        self.leaf_table += other.leaf_table;
        self.tables += other.tables;
    }

    /// True when most of the text is link text spread over several links: a menu or a list
    /// of related pages rather than content.
    fn link_dense(&self) -> bool {
        self.links >= 2 && self.link * 2 > self.text
    }
}

/// The measures of every element, computed in one pass without recursion.
struct Stats {
    of: HashMap<NodeId, Measure>,
}

impl Stats {
    fn of(root: NodeRef<'_>) -> Result<Stats, ReadError> {
        let mut of = HashMap::new();
        let mut stack: Vec<Measure> = vec![Measure::default()];
        let mut hidden: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) if hidden.is_none() => match node.value() {
                    Node::Element(e) => {
                        if hidden_element(node, e.name()) {
                            hidden = Some(node.id());
                            continue;
                        }
                        stack.push(Measure::default());
                        if stack.len() > limits::MAX_XML_DEPTH {
                            return Err(ReadError::TooLarge {
                                detail: format!("网页元素嵌套超过 {} 层", limits::MAX_XML_DEPTH),
                            });
                        }
                    }
                    Node::Text(t) => {
                        if let Some(top) = stack.last_mut() {
                            top.text += visible_chars(t);
                        }
                    }
                    _ => {}
                },
                Edge::Close(node) => {
                    if hidden == Some(node.id()) {
                        hidden = None;
                        continue;
                    }
                    if hidden.is_some() {
                        continue;
                    }
                    let Node::Element(e) = node.value() else {
                        continue;
                    };
                    let Some(mut m) = stack.pop() else { continue };
                    let name = e.name();
                    if name == "a" && m.text > 0 {
                        m.link = m.text;
                        m.links += 1;
                    }
                    if name == "p" || is_heading(name).is_some() {
                        m.prose = m.text;
                    }
                    if name == "table" {
                        if m.tables == 0 {
                            m.leaf_table = m.text;
                        }
                        m.tables += 1;
                    }
                    of.insert(node.id(), m);
                    if let Some(parent) = stack.last_mut() {
                        parent.add(&m);
                    }
                }
                Edge::Open(_) => {}
            }
        }
        Ok(Stats { of })
    }

    fn get(&self, node: NodeRef<'_>) -> Measure {
        self.of.get(&node.id()).copied().unwrap_or_default()
    }
}

fn visible_chars(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

fn element_name<'a>(node: NodeRef<'a>) -> Option<&'a str> {
    match node.value() {
        Node::Element(e) => Some(e.name()),
        _ => None,
    }
}

/// The element holding the page's main content: the smallest one that contains at least 80 %
/// of the text of the page's data tables and 80 % of its prose (the text of `<p>` and headings;
/// all text outside data tables when the page hardly uses `<p>`). Falls back to `<body>`.
fn content_root<'a>(html: &'a Html, stats: &Stats) -> NodeRef<'a> {
    let top = html.root_element();
    let body = top
        .children()
        .find(|c| element_name(*c) == Some("body"))
        .unwrap_or(*top);
    let total = stats.get(body);
    let outside_tables = |m: &Measure| m.text.saturating_sub(m.leaf_table);
    let use_prose = total.prose * 5 >= outside_tables(&total);
    let prose = |m: &Measure| {
        if use_prose {
            m.prose
        } else {
            outside_tables(m)
        }
    };
    let prose_total = prose(&total);
    if total.leaf_table == 0 && prose_total == 0 {
        return body;
    }
    let holds =
        |m: &Measure| m.leaf_table * 5 >= total.leaf_table * 4 && prose(m) * 5 >= prose_total * 4;
    let mut root = body;
    while let Some(child) = root
        .children()
        .find(|c| element_name(*c).is_some() && holds(&stats.get(*c)))
    {
        root = child;
    }
    // A table's own row structure is not a container of blocks: stop above it.
    while matches!(
        element_name(root),
        Some("table" | "thead" | "tbody" | "tfoot" | "tr")
    ) {
        match root.parent() {
            Some(p) if p.id() != body.id() && element_name(p).is_some() => root = p,
            _ => return body,
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Block, Place};

    fn read_str(html: &str) -> Document {
        read(html.as_bytes(), &ReadOptions::default()).expect("reads")
    }

    fn paragraphs(doc: &Document) -> Vec<String> {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph(p) => Some(p.text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn prefers_the_element_holding_tables_and_prose() {
        let doc = read_str(
            "<html><body><div class=top>站点名称 欢迎访问</div>\
             <div id=content><p>第一段很长的正文内容在这里出现。</p>\
             <table><tr><td>甲</td><td>1</td></tr></table><p>第二段正文。</p></div>\
             <div>版权所有 某某单位</div></body></html>",
        );
        assert_eq!(
            paragraphs(&doc),
            vec!["第一段很长的正文内容在这里出现。", "第二段正文。"]
        );
        assert!(matches!(doc.blocks[1], Block::Table(_)));
    }

    #[test]
    fn keeps_an_article_header_but_not_the_page_header() {
        let doc = read_str(
            "<body><header>站点名称</header><article><header><h1>年度报告</h1></header>\
             <p>正文第一段。</p><footer>发布日期：2024-01-29</footer></article>\
             <footer>版权所有</footer></body>",
        );
        assert_eq!(
            paragraphs(&doc),
            vec!["年度报告", "正文第一段。", "发布日期：2024-01-29"]
        );
    }

    #[test]
    fn drops_scripts_menus_and_link_lists() {
        // Prose split over two blocks: no element but <body> holds 80 % of it.
        let doc = read_str(
            "<body><script>var x = '脚本';</script><ul><li><a href=/>首页</a></li>\
             <li><a href=/a>政务公开</a></li></ul><nav>导航</nav>\
             <div><p>第一段正文，说明本年度的工作。</p></div>\
             <div><p>第二段正文，另见<a href=x>附件</a>。</p></div>\
             <div class=copyright>版权所有</div><footer>页脚</footer></body>",
        );
        assert_eq!(
            paragraphs(&doc),
            vec!["第一段正文，说明本年度的工作。", "第二段正文，另见附件。"]
        );
    }

    #[test]
    fn headings_get_levels_and_places_count_paragraphs() {
        let doc = read_str("<body><h2>一级</h2><p>正文</p></body>");
        let Block::Paragraph(h) = &doc.blocks[0] else {
            panic!("heading expected")
        };
        assert_eq!(h.heading, Some(2));
        let Block::Paragraph(p) = &doc.blocks[1] else {
            panic!("paragraph expected")
        };
        assert_eq!(p.place, Place::Paragraph { index: 2 });
    }

    #[test]
    fn rejects_nesting_beyond_the_cap() {
        let deep = "<div>".repeat(limits::MAX_XML_DEPTH + 10);
        let err = read(deep.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { .. }), "{err:?}");
    }
}
