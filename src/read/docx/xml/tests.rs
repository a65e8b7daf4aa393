//! The XML layer against quick-xml itself: the fast tokenizer gives quick-xml's events or gives
//! up, and the namespace scopes resolve and fail exactly as quick-xml's `NsReader`.

use super::*;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// Everything the readers can observe of a part, event by event; `skip` skips the content of
/// elements named `skip`.
fn trace(mut xml: Xml<'_>) -> Vec<String> {
    let mut out = Vec::new();
    loop {
        let line = match xml.next() {
            Err(e) => format!("error {}", ReadError::from(e)),
            Ok(Ev::Start(ns)) | Ok(Ev::Empty(ns)) => {
                let open = xml.was_start();
                let line = format!(
                    "{} {ns:?} {} [{}] val={:?} depth {}",
                    if open { "start" } else { "empty" },
                    xml.local(),
                    xml.tag.get(xml.name_len..).unwrap_or_default(),
                    xml.attr("val"),
                    xml.depth()
                );
                if open
                    && xml.local() == "skip"
                    && let Err(err) = xml.skip()
                {
                    out.push(line);
                    out.push(format!("error {}", ReadError::from(err)));
                    break;
                }
                line
            }
            Ok(Ev::End) => format!("end depth {}", xml.depth()),
            Ok(Ev::Text) => format!("text {:?}", xml.text()),
            Ok(Ev::Eof) => "eof".to_string(),
        };
        let last = line.starts_with("error") || line == "eof";
        out.push(line);
        if last {
            break;
        }
    }
    out
}

/// The trace over the fast tokenizer, and whether it gave up.
fn fast_trace(text: &str) -> (Vec<String>, bool) {
    let gave_up = Rc::new(Cell::new(false));
    let trace = trace(Xml::fast("t.xml", text, Rc::clone(&gave_up)));
    (trace, gave_up.get())
}

fn quick_trace(text: &str) -> Vec<String> {
    trace(Xml::new("t.xml", text))
}

#[test]
fn fast_tokenizer_gives_quick_xml_events() {
    let cases = [
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:body></w:document>"#
        ),
        format!("\u{FEFF}<w:p xmlns:w=\"{W}\"><w:t>bom</w:t></w:p>"),
        format!(
            r#"<w:p xmlns:w="{W}" a='x"y>z' b="q'>r"><w:t w:val=">">gt</w:t ></w:p
>"#
        ),
        format!("<w:p\txmlns:w=\"{W}\"\n><w:r\r\n/><w:t>a\r\nb\rc</w:t></w:p>"),
        format!(r#"<w:p xmlns:w="{W}"><w:t>a&amp;b&lt;&#x4E00;&#65;&unknown;&quot;</w:t></w:p>"#),
        format!(r#"<w:p xmlns:w="{W}"><w:t/><w:t></w:t><w:br w:type="page" /></w:p>trailing"#),
        format!(
            r#"<w:p xmlns:w="{W}"><?pi data?><?pi a="?>"?><skip><w:x><w:y/></w:x>t&amp;</skip><w:t>after</w:t></w:p>"#
        ),
        format!(
            r#"<w:p xmlns:w="{W}"><w:pStyle w:val="a&#9;b&amp;c
d"/><w:pStyle val="bare"/><w:pStyle q:val="other" xmlns:q="urn:q"/></w:p>"#
        ),
        format!(
            r#"<p xmlns="{W}"><x:t xmlns:x="{W}">dflt</x:t><t xmlns="">none</t><t>again</t></p>"#
        ),
        format!(
            r#"<w:p xmlns:w="{W}"><w:t xmlns:w="urn:other">shadowed</w:t><w:t>back</w:t><w:t xmlns:w="">reset</w:t></w:p>"#
        ),
        format!(r#"<w:p xmlns:w="{W}" xmlns:="urn:empty"><:t>c</:t><w:r/></w:p>"#),
        "<a><>x</><b/></a>".to_string(),
        format!(
            r#"<w:p xmlns:w="{W}"><skip><a><b xmlns:w="urn:x"><w:c/><c/></b><w:e/></a><f xmlns:q="urn:q"/><q:g/></skip><w:t w:val="1"/></w:p>"#
        ),
        format!(
            r#"<w:p xmlns:w="{W}"><skip>{}</skip></w:p>"#,
            "<a>".repeat(600)
        ),
        format!(r#"<w:p xmlns:w="{W}"><skip><a xmlns:xml="urn:bad"/></skip></w:p>"#),
        "just text".to_string(),
        String::new(),
    ];
    for text in &cases {
        let (fast, gave_up) = fast_trace(text);
        assert!(!gave_up, "gave up on {text:?}: {fast:?}");
        assert_eq!(fast, quick_trace(text), "{text:?}");
    }
}

#[test]
fn fast_tokenizer_gives_up_where_quick_xml_differs_or_fails() {
    let cases = [
        "<a><!-- comment --></a>",
        "<a><![CDATA[x]]></a>",
        "<!DOCTYPE a><a/>",
        "<a>a & b</a>",
        "<a>&amp</a>",
        "<a></b>",
        "</a>",
        "<a><b>",
        "<a b=\"x></a>",
        "<a><",
        "<a><?></a>",
        "<a>&#0;</a>",
        "<a><skip>&#xFFFFFF;</skip></a>",
        "<a><skip><b></skip></a>",
    ];
    for text in cases {
        let (_, gave_up) = fast_trace(text);
        assert!(gave_up, "did not give up on {text:?}");
        let read = read_part("t.xml", text, |xml| Ok(trace(xml)));
        assert_eq!(read.ok(), Some(quick_trace(text)), "{text:?}");
    }
}

/// What the old reader saw: quick-xml's `NsReader`, each element's namespace and `w:val`.
fn ns_reader_trace(text: &str) -> Vec<String> {
    let mut reader = NsReader::from_str(text);
    let mut out = Vec::new();
    loop {
        match reader.read_resolved_event() {
            Err(e) => {
                out.push(format!("error {e}"));
                break;
            }
            Ok((ns, Event::Start(e) | Event::Empty(e))) => {
                let ns = match ns {
                    ResolveResult::Bound(uri) => scopes::classify(uri.into_inner()),
                    _ => Ns::Other,
                };
                let val = e.attributes().with_checks(false).flatten().find_map(|a| {
                    let (attr_ns, name) = reader.resolver().resolve_attribute(a.key);
                    let w = match attr_ns {
                        ResolveResult::Unbound => true,
                        ResolveResult::Bound(uri) => scopes::classify(uri.into_inner()) == Ns::W,
                        ResolveResult::Unknown(_) => false,
                    };
                    (name.as_ref() == "val" && w).then(|| a.value.to_string())
                });
                out.push(format!("{ns:?} {} {val:?}", e.local_name().into_inner()));
            }
            Ok((_, Event::Eof)) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The same through [`Xml`] (errors by their quick-xml message only).
fn scopes_trace(xml: Xml<'_>) -> Vec<String> {
    let mut xml = xml;
    let mut out = Vec::new();
    loop {
        match xml.next().map_err(ReadError::from) {
            Err(ReadError::Corrupt { detail }) => {
                let message = detail
                    .split_once("XML 格式错误：")
                    .map_or(detail.as_str(), |(_, m)| m);
                out.push(format!("error {message}"));
                break;
            }
            Err(e) => panic!("unexpected {e}"),
            Ok(Ev::Start(ns) | Ev::Empty(ns)) => {
                out.push(format!("{ns:?} {} {:?}", xml.local(), xml.attr("val")));
            }
            Ok(Ev::Eof) => break,
            Ok(_) => {}
        }
    }
    out
}

#[test]
fn resolves_and_rejects_namespaces_like_ns_reader() {
    let many: String = (0..130)
        .map(|i| format!(" xmlns:p{i}=\"urn:{i}\""))
        .collect();
    let cases = [
        format!(
            r#"<w:p xmlns:w="{W}" xmlns:m="http://purl.oclc.org/ooxml/officeDocument/math"><m:t w:val="1"/><w:t xmlns:w="urn:x" w:val="2"/><w:t w:val="3"/></w:p>"#
        ),
        format!(
            r#"<p xmlns="{W}"><t val="1"/><q:t xmlns:q="{W}" q:val="2"/><t xmlns="" val="3"/></p>"#
        ),
        format!(r#"<w:p xmlns:w="{W}"><w:t xmlns:w="" w:val="1"/><w:t w:val="2"/></w:p>"#),
        format!(
            r#"<w:p xmlns:w="{W}" xmlns:xml="http://www.w3.org/XML/1998/namespace"><xml:t/><xmlns:t/><w:t xml:val="x"/></w:p>"#
        ),
        format!(r#"<w:p xmlns:w="{W}"><w:t xmlns:xml="urn:bad"/></w:p>"#),
        format!(r#"<w:p xmlns:w="{W}"><w:t xmlns:xmlns="urn:bad"/></w:p>"#),
        format!(
            r#"<w:p xmlns:w="{W}"><w:t xmlns:q="http://www.w3.org/XML/1998/namespace"/></w:p>"#
        ),
        format!(r#"<w:p xmlns:w="{W}"><w:t xmlns:q="http://www.w3.org/2000/xmlns/"/></w:p>"#),
        format!(r#"<w:p xmlns:w="{W}"{many}><w:t/></w:p>"#),
        format!(r#"<w:p xmlns:w="{W}"><w:t a="1" b xmlns:w="urn:x"/></w:p>"#),
    ];
    for text in &cases {
        let expected = ns_reader_trace(text);
        assert_eq!(scopes_trace(Xml::new("t.xml", text)), expected, "{text}");
        let gave_up = Rc::new(Cell::new(false));
        let fast = scopes_trace(Xml::fast("t.xml", text, Rc::clone(&gave_up)));
        assert!(!gave_up.get(), "{text}");
        assert_eq!(fast, expected, "{text}");
    }
}

#[test]
fn keeps_unknown_entities_literally() {
    let mut xml = Xml::new("t.xml", "<a>x&xxe;&amp;&#x4E00;</a>");
    let mut text = String::new();
    loop {
        match xml.next().unwrap() {
            Ev::Text => text.push_str(xml.text()),
            Ev::Eof => break,
            _ => {}
        }
    }
    assert_eq!(text, "x&xxe;&一");
}

#[test]
fn rejects_unclosed_elements() {
    let mut xml = Xml::new("t.xml", "<a><b>");
    let mut result = Ok(());
    for _ in 0..5 {
        match xml.next().map_err(ReadError::from) {
            Err(e) => {
                result = Err(e);
                break;
            }
            Ok(Ev::Eof) => break,
            Ok(_) => {}
        }
    }
    assert!(matches!(result, Err(ReadError::Corrupt { .. })));
}

/// Every XML part of the given .docx files: (file and part name, text).
fn xml_parts_of(dir: &std::path::Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])) else {
            continue;
        };
        for i in 0..zip.len() {
            let Ok(mut entry) = zip.by_index(i) else {
                continue;
            };
            let Ok(name) = entry.name().map(|n| n.to_string()) else {
                continue;
            };
            if !(name.ends_with(".xml") || name.ends_with(".rels")) || entry.size() > 20 << 20 {
                continue;
            }
            let mut raw = Vec::new();
            if std::io::Read::read_to_end(&mut entry, &mut raw).is_err() {
                continue;
            }
            if let Ok(text) = decode(&name, &raw) {
                out.push((format!("{}:{name}", path.display()), text.into_owned()));
            }
        }
    }
    out
}

/// The fast tokenizer against quick-xml on real parts: the bundled samples always, and every
/// .docx of the shared corpus when `GONGKAI_CORPUS` names it. Where the fast one did not give up,
/// the readers saw exactly what quick-xml would have given them.
#[test]
fn fast_tokenizer_matches_quick_xml_on_real_parts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut parts = xml_parts_of(&root.join("samples"));
    if let Some(corpus) = std::env::var_os("GONGKAI_CORPUS") {
        parts.extend(xml_parts_of(&std::path::Path::new(&corpus).join("docx")));
    }
    assert!(
        parts.len() >= 10,
        "samples have their parts: {}",
        parts.len()
    );
    let (mut same, mut gave_up) = (0, 0);
    for (name, text) in &parts {
        let (fast, up) = fast_trace(text);
        if up {
            gave_up += 1;
            continue;
        }
        let quick = quick_trace(text);
        if let Some(i) = (0..fast.len().max(quick.len())).find(|&i| fast.get(i) != quick.get(i)) {
            panic!(
                "{name}: event {i} differs: fast {:?}, quick-xml {:?}",
                fast.get(i),
                quick.get(i)
            );
        }
        same += 1;
    }
    eprintln!("{same} parts identical, fast tokenizer gave up on {gave_up}");
    assert!(same > gave_up, "the fast path is the common one");
}
