//! The content-stream interpreter: text state, graphics state and paths, turned into glyphs
//! with boxes, ruling segments and an image count for one page.
//!
//! Coordinates end in the page's top-left system (see [`super::super::page`]): the page matrix
//! (crop box and `/Rotate`) is the bottom of the transformation stack. Type 3 glyph procedures
//! are not run — their drawings are letter shapes, not rules — so a cycle among them cannot
//! recurse; Form XObjects are run with a depth cap and a guard against cycles.

use super::fold::fold;
use super::font::Font;
use super::lex::{Lexer, MAX_OPERANDS, Operand, Token};
use super::{Budget, decode_stream, obj};
use crate::document::{Note, Place};
use crate::read::pdf::page::{Glyph, Rule};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

mod paths;

use paths::MAX_PATH_POINTS;

/// Deepest nesting of Form XObjects.
const MAX_FORM_DEPTH: usize = 12;
/// Deepest `q` nesting kept (deeper saves are ignored, their `Q` too).
const MAX_SAVE_DEPTH: usize = 256;
/// Most notes about unmapped glyphs per page (one per font is kept anyway).
const MAX_GLYPH_NOTES: usize = 20;

/// An affine matrix `[a b c d e f]` in PDF's row-vector convention.
pub type Matrix = [f64; 6];

/// The identity matrix.
pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `m × n`: first `m`, then `n`.
pub fn mul(m: &Matrix, n: &Matrix) -> Matrix {
    [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]
}

fn apply(m: &Matrix, x: f64, y: f64) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// What one page gave.
#[derive(Debug, Default)]
pub struct PageOut {
    /// Glyphs in drawing order.
    pub glyphs: Vec<Glyph>,
    /// Ruling segments.
    pub rules: Vec<Rule>,
    /// Images drawn.
    pub images: usize,
    /// Notes (unmapped glyphs, skipped streams).
    pub notes: Vec<Note>,
}

#[derive(Clone)]
struct State {
    ctm: Matrix,
    line_width: f64,
    font: Option<Rc<Font>>,
    size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
    render: i64,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum FontKey {
    Ref(ObjectId),
    Inline(usize),
}

/// Interprets the content streams of one page.
pub struct Interpreter<'a> {
    doc: &'a Document,
    budget: &'a mut Budget,
    page: usize,
    fonts: HashMap<FontKey, Rc<Font>>,
    out: PageOut,
    state: State,
    stack: Vec<State>,
    tm: Matrix,
    tlm: Matrix,
    /// Current path: subpaths of points (device space), with whether each was closed.
    path: Vec<(Vec<(f64, f64)>, bool)>,
    path_points: usize,
    forms: Vec<ObjectId>,
    /// Decoded Form XObject streams, so a form drawn many times is decoded once.
    form_data: HashMap<ObjectId, Rc<Vec<u8>>>,
    unmapped_fonts: Vec<String>,
}

impl<'a> Interpreter<'a> {
    /// An interpreter for page `page` (1-based) whose page matrix is `base`.
    pub fn new(doc: &'a Document, budget: &'a mut Budget, page: usize, base: Matrix) -> Self {
        Interpreter {
            doc,
            budget,
            page,
            fonts: HashMap::new(),
            out: PageOut::default(),
            state: State {
                ctm: base,
                line_width: 1.0,
                font: None,
                size: 0.0,
                char_spacing: 0.0,
                word_spacing: 0.0,
                hscale: 1.0,
                leading: 0.0,
                rise: 0.0,
                render: 0,
            },
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            path: Vec::new(),
            path_points: 0,
            forms: Vec::new(),
            form_data: HashMap::new(),
            unmapped_fonts: Vec::new(),
        }
    }

    /// The page's results.
    pub fn finish(self) -> PageOut {
        self.out
    }

    fn note(&mut self, x: f64, y: f64, message: String) {
        self.out.notes.push(Note {
            place: Place::Pdf {
                page: self.page,
                x: x.round() as i32,
                y: y.round() as i32,
            },
            message,
        });
    }

    /// Runs one content stream with `resources`. Returns false when the operator budget ran
    /// out (the caller stops the document).
    pub fn run(&mut self, content: &[u8], resources: Option<&'a Dictionary>) -> bool {
        let mut lexer = Lexer::new(content);
        let mut args: Vec<Operand> = Vec::new();
        while let Some(token) = lexer.next_token() {
            if self.budget.ops_left == 0 {
                return false;
            }
            self.budget.ops_left -= 1;
            match token {
                Token::Operand(o) => {
                    if args.len() < MAX_OPERANDS {
                        args.push(o);
                    }
                }
                Token::InlineImage => {
                    self.out.images += 1;
                    args.clear();
                }
                Token::Op(op) => {
                    if !self.op(&op, &args, resources) {
                        return false;
                    }
                    args.clear();
                }
            }
        }
        true
    }

    fn op(&mut self, op: &[u8], args: &[Operand], resources: Option<&'a Dictionary>) -> bool {
        let n = |i: usize| args.get(i).and_then(Operand::num).unwrap_or(0.0);
        let last = |k: usize| args.len().checked_sub(k).and_then(|i| args.get(i));
        match op {
            b"q" if self.stack.len() < MAX_SAVE_DEPTH => self.stack.push(self.state.clone()),
            b"Q" => {
                if let Some(s) = self.stack.pop() {
                    self.state = s;
                }
            }
            b"cm" if args.len() >= 6 => {
                let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.state.ctm = mul(&m, &self.state.ctm);
            }
            b"w" => self.state.line_width = n(0).abs(),
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            b"Tf" => {
                if let Some(Operand::Name(name)) = args.first() {
                    self.state.font = self.font(resources, name);
                }
                self.state.size = n(1);
            }
            b"Tc" => self.state.char_spacing = n(0),
            b"Tw" => self.state.word_spacing = n(0),
            b"Tz" => self.state.hscale = n(0) / 100.0,
            b"TL" => self.state.leading = n(0),
            b"Ts" => self.state.rise = n(0),
            b"Tr" => self.state.render = n(0) as i64,
            b"Td" => self.next_line(n(0), n(1)),
            b"TD" => {
                self.state.leading = -n(1);
                self.next_line(n(0), n(1));
            }
            b"Tm" if args.len() >= 6 => {
                self.tm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                self.tlm = self.tm;
            }
            b"T*" => self.next_line(0.0, -self.state.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = last(1) {
                    self.show(s);
                }
            }
            b"'" => {
                self.next_line(0.0, -self.state.leading);
                if let Some(Operand::Str(s)) = last(1) {
                    self.show(s);
                }
            }
            b"\"" => {
                self.state.word_spacing = n(0);
                self.state.char_spacing = n(1);
                self.next_line(0.0, -self.state.leading);
                if let Some(Operand::Str(s)) = last(1) {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = last(1) {
                    for item in items {
                        match item {
                            Operand::Str(s) => self.show(s),
                            Operand::Num(adj) => {
                                let tx = -adj / 1000.0 * self.state.size * self.state.hscale;
                                let vertical = self.state.font.as_ref().is_some_and(|f| f.vertical);
                                let shift = if vertical {
                                    [1.0, 0.0, 0.0, 1.0, 0.0, -adj / 1000.0 * self.state.size]
                                } else {
                                    [1.0, 0.0, 0.0, 1.0, tx, 0.0]
                                };
                                self.tm = mul(&shift, &self.tm);
                            }
                            _ => {}
                        }
                    }
                }
            }
            b"m" => {
                let p = apply(&self.state.ctm, n(0), n(1));
                self.path.push((vec![p], false));
                self.path_points += 1;
            }
            b"l" => {
                let p = apply(&self.state.ctm, n(0), n(1));
                self.line_to(p);
            }
            b"c" => {
                let p = apply(&self.state.ctm, n(4), n(5));
                self.curve_to(p);
            }
            b"v" | b"y" => {
                let p = apply(&self.state.ctm, n(2), n(3));
                self.curve_to(p);
            }
            b"h" => {
                if let Some(last) = self.path.last_mut() {
                    last.1 = true;
                }
            }
            b"re" => {
                let (x, y, w, h) = (n(0), n(1), n(2), n(3));
                let ctm = self.state.ctm;
                let pts = vec![
                    apply(&ctm, x, y),
                    apply(&ctm, x + w, y),
                    apply(&ctm, x + w, y + h),
                    apply(&ctm, x, y + h),
                ];
                if self.path_points < MAX_PATH_POINTS {
                    self.path_points += 4;
                    self.path.push((pts, true));
                }
            }
            b"S" | b"s" => self.paint(true, false, op == b"s"),
            b"f" | b"F" | b"f*" => self.paint(false, true, false),
            b"B" | b"B*" => self.paint(true, true, false),
            b"b" | b"b*" => self.paint(true, true, true),
            b"n" => self.clear_path(),
            b"Do" => {
                if let Some(Operand::Name(name)) = args.first() {
                    return self.draw_xobject(resources, name);
                }
            }
            _ => {}
        }
        true
    }

    fn next_line(&mut self, tx: f64, ty: f64) {
        self.tlm = mul(&[1.0, 0.0, 0.0, 1.0, tx, ty], &self.tlm);
        self.tm = self.tlm;
    }

    fn font(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let fonts = obj::dict(self.doc, resources?, b"Font")?;
        let entry = fonts.get(name).ok()?;
        let (id, object) = obj::resolve(self.doc, entry);
        let dict = obj::as_dict(object)?;
        let key = match id {
            Some(id) => FontKey::Ref(id),
            None => FontKey::Inline(dict as *const Dictionary as usize),
        };
        if let Some(font) = self.fonts.get(&key) {
            return Some(font.clone());
        }
        let font = Rc::new(Font::load(self.doc, dict, self.budget));
        self.fonts.insert(key, font.clone());
        Some(font)
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.state.font.clone() else {
            return;
        };
        let st = self.state.clone();
        let (size, hscale) = (st.size, st.hscale);
        for code in font.decode(bytes) {
            let trm = mul(
                &mul(&[size * hscale, 0.0, 0.0, size, 0.0, st.rise], &self.tm),
                &st.ctm,
            );
            // Invisible text (render mode 3, used for OCR layers) is still text.
            let (gx0, gx1, gtop, gbottom) = if font.vertical {
                (-0.5, 0.5, 0.0, -1.0)
            } else {
                (0.0, code.width, font.ascent, font.descent)
            };
            let corners = [
                apply(&trm, gx0, gbottom),
                apply(&trm, gx1, gbottom),
                apply(&trm, gx0, gtop),
                apply(&trm, gx1, gtop),
            ];
            let x0 = corners.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
            let x1 = corners
                .iter()
                .map(|p| p.0)
                .fold(f64::NEG_INFINITY, f64::max);
            let top = corners.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let bottom = corners
                .iter()
                .map(|p| p.1)
                .fold(f64::NEG_INFINITY, f64::max);
            let eff_size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
            let upright = !font.vertical
                && trm[1].abs() < 1e-6 * trm[0].abs().max(1.0)
                && trm[2].abs() < 1e-6 * trm[3].abs().max(1.0)
                && trm[0] > 0.0
                && trm[3] < 0.0;
            let text = match &code.text {
                Some(t) => fold(t),
                None => {
                    if !self.unmapped_fonts.contains(&font.name)
                        && self.unmapped_fonts.len() < MAX_GLYPH_NOTES
                    {
                        self.unmapped_fonts.push(font.name.clone());
                        let message = format!(
                            "字体“{}”的字形没有对应的文字编码，显示为 �（替换字符）；请核对原文",
                            font.name
                        );
                        self.note(x0, top, message);
                    }
                    "\u{fffd}".to_string()
                }
            };
            if [x0, x1, top, bottom, eff_size]
                .iter()
                .all(|v| v.is_finite())
                && self.budget.items_left > 0
            {
                self.budget.items_left -= 1;
                self.out.glyphs.push(Glyph {
                    text,
                    x0,
                    x1,
                    top,
                    bottom,
                    size: eff_size,
                    upright,
                });
            }
            let spacing = st.char_spacing + if code.is_space { st.word_spacing } else { 0.0 };
            let shift = if font.vertical {
                [1.0, 0.0, 0.0, 1.0, 0.0, -(size + spacing)]
            } else {
                [
                    1.0,
                    0.0,
                    0.0,
                    1.0,
                    (code.width * size + spacing) * hscale,
                    0.0,
                ]
            };
            self.tm = mul(&shift, &self.tm);
        }
    }

    fn draw_xobject(&mut self, resources: Option<&'a Dictionary>, name: &[u8]) -> bool {
        let doc = self.doc;
        let Some(xobjects) = resources.and_then(|r| obj::dict(doc, r, b"XObject")) else {
            return true;
        };
        let Ok(entry) = xobjects.get(name) else {
            return true;
        };
        let (id, object) = obj::resolve(doc, entry);
        let Object::Stream(stream) = object else {
            return true;
        };
        match obj::name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.out.images += 1,
            Some(b"Form") => {
                if self.forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|i| self.forms.contains(&i))
                {
                    return true;
                }
                let cached = id.and_then(|i| self.form_data.get(&i).cloned());
                let content = match cached {
                    Some(c) => c,
                    None => match decode_stream(stream, self.budget) {
                        Ok(c) => {
                            let c = Rc::new(c);
                            if let Some(i) = id {
                                self.form_data.insert(i, c.clone());
                            }
                            c
                        }
                        Err(message) => {
                            let (x, y) = (self.state.ctm[4], self.state.ctm[5]);
                            self.note(x, y, message);
                            return true;
                        }
                    },
                };
                let saved = (self.state.clone(), self.stack.len(), self.tm, self.tlm);
                if let Some(m) = obj::numbers::<6>(doc, &stream.dict, b"Matrix") {
                    self.state.ctm = mul(&m, &self.state.ctm);
                }
                let form_resources = obj::dict(doc, &stream.dict, b"Resources").or(resources);
                self.forms.push(id.unwrap_or((0, 0)));
                let path = std::mem::take(&mut self.path);
                let go_on = self.run(&content, form_resources);
                self.path = path;
                self.forms.pop();
                self.stack.truncate(saved.1);
                (self.state, _, self.tm, self.tlm) = saved;
                return go_on;
            }
            _ => {}
        }
        true
    }
}
