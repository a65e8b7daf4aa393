//! Word's list numbering engine: `w:num` → `w:abstractNum` → levels, with overrides, start
//! values, restarts and numbering linked through styles, producing the label as Word prints it.

use super::numfmt;
use super::styles::Styles;
use super::xml::{Ev, Ns, Xml, decode, read_part};
use crate::read::ReadError;
use std::borrow::Cow;
use std::collections::HashMap;

const LEVELS: usize = 9;

/// One level of a list definition.
#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<i64>,
    fmt: Option<String>,
    text: Option<String>,
    restart: Option<i64>,
    is_lgl: bool,
    style: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct Abstract {
    levels: [Option<Level>; LEVELS],
    num_style_link: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct Num {
    abs: i64,
    start_override: [Option<i64>; LEVELS],
    level_override: [Option<Level>; LEVELS],
}

impl Num {
    fn has_overrides(&self) -> bool {
        self.start_override.iter().any(Option::is_some)
            || self.level_override.iter().any(Option::is_some)
    }
}

/// Which counters a paragraph advances: an abstract list's, or one `w:num`'s own when it
/// overrides (a restarted instance).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Abstract(i64),
    Num(i64),
}

/// The numbering definitions and the running counters.
#[derive(Debug, Default, Clone)]
pub struct Numbering {
    abstracts: HashMap<i64, Abstract>,
    nums: HashMap<i64, Num>,
    counters: HashMap<Key, [Option<i64>; LEVELS]>,
}

fn int(v: Option<Cow<'_, str>>) -> Option<i64> {
    v.and_then(|v| v.trim().parse().ok())
}

fn on(v: Option<Cow<'_, str>>) -> bool {
    !matches!(v.as_deref(), Some("0" | "false" | "off"))
}

/// Where the parser is while reading a level.
enum Target {
    Abstract(i64),
    Override(i64),
}

impl Numbering {
    /// Parses a numbering part.
    pub fn parse(part: &str, bytes: &[u8]) -> Result<Numbering, ReadError> {
        let text = decode(part, bytes)?;
        read_part(part, &text, Self::read)
    }

    fn read(mut xml: Xml<'_>) -> Result<Numbering, ReadError> {
        let mut out = Numbering::default();
        let mut abs_id: Option<i64> = None;
        let mut num_id: Option<i64> = None;
        let mut override_lvl: Option<usize> = None;
        let mut level: Option<(Target, usize, Level)> = None;
        let mut level_depth = 0;
        loop {
            let ev = xml.next()?;
            match ev {
                Ev::Eof => break,
                Ev::End => {
                    if level.is_some()
                        && xml.depth() < level_depth
                        && let Some((target, ilvl, lvl)) = level.take()
                    {
                        out.store(target, ilvl, lvl);
                    }
                }
                Ev::Start(Ns::W) | Ev::Empty(Ns::W) => {
                    let open = xml.was_start();
                    match xml.local() {
                        "abstractNum" => {
                            abs_id = int(xml.attr("abstractNumId"));
                            num_id = None;
                            if let Some(id) = abs_id {
                                out.abstracts.entry(id).or_default();
                            }
                        }
                        "num" => {
                            abs_id = None;
                            override_lvl = None;
                            num_id = int(xml.attr("numId"));
                        }
                        "abstractNumId" => {
                            if let (Some(n), Some(a)) = (num_id, int(xml.attr("val"))) {
                                out.nums.entry(n).or_default().abs = a;
                            }
                        }
                        "lvlOverride" => {
                            override_lvl = int(xml.attr("ilvl"))
                                .and_then(|l| usize::try_from(l).ok())
                                .filter(|&l| l < LEVELS);
                        }
                        "startOverride" => {
                            if let (Some(n), Some(l)) = (num_id, override_lvl) {
                                let v = int(xml.attr("val"));
                                if let Some(slot) =
                                    out.nums.entry(n).or_default().start_override.get_mut(l)
                                {
                                    *slot = v;
                                }
                            }
                        }
                        "numStyleLink" => {
                            if let Some(a) = abs_id.and_then(|a| out.abstracts.get_mut(&a)) {
                                a.num_style_link = xml.attr("val").map(Cow::into_owned);
                            }
                        }
                        "lvl" if open => {
                            let ilvl = int(xml.attr("ilvl"))
                                .and_then(|l| usize::try_from(l).ok())
                                .filter(|&l| l < LEVELS);
                            let target = match (abs_id, num_id, override_lvl) {
                                (Some(a), _, _) => Some(Target::Abstract(a)),
                                (None, Some(n), Some(_)) => Some(Target::Override(n)),
                                _ => None,
                            };
                            match (target, ilvl.or(override_lvl)) {
                                (Some(t), Some(i)) => {
                                    level = Some((t, i, Level::default()));
                                    level_depth = xml.depth();
                                }
                                _ => xml.skip()?,
                            }
                        }
                        "rPr" | "pPr" if open => xml.skip()?,
                        name => {
                            if let Some((_, _, lvl)) = level.as_mut() {
                                match name {
                                    "start" => lvl.start = int(xml.attr("val")),
                                    "numFmt" => lvl.fmt = xml.attr("val").map(Cow::into_owned),
                                    "lvlText" => lvl.text = xml.attr("val").map(Cow::into_owned),
                                    "lvlRestart" => lvl.restart = int(xml.attr("val")),
                                    "isLgl" => lvl.is_lgl = on(xml.attr("val")),
                                    "pStyle" => lvl.style = xml.attr("val").map(Cow::into_owned),
                                    _ => {}
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(out)
    }

    fn store(&mut self, target: Target, ilvl: usize, lvl: Level) {
        let slot = match target {
            Target::Abstract(a) => self.abstracts.entry(a).or_default().levels.get_mut(ilvl),
            Target::Override(n) => self.nums.entry(n).or_default().level_override.get_mut(ilvl),
        };
        if let Some(slot) = slot {
            *slot = Some(lvl);
        }
    }

    /// The abstract list of `num_id`, following `numStyleLink` through the styles.
    fn abstract_of(&self, num_id: i64, styles: &Styles) -> Option<(i64, &Abstract)> {
        let mut abs_id = self.nums.get(&num_id)?.abs;
        for _ in 0..8 {
            let abs = self.abstracts.get(&abs_id)?;
            match &abs.num_style_link {
                Some(link) if abs.levels.iter().all(Option::is_none) => {
                    let (linked, _) = styles.numbering(link)?;
                    abs_id = self.nums.get(&linked)?.abs;
                }
                _ => return Some((abs_id, abs)),
            }
        }
        None
    }

    /// The level of list `num_id` tied to paragraph style `style` (`w:lvl/w:pStyle`), for
    /// paragraphs numbered through their style without a level of their own.
    pub fn level_of_style(&self, num_id: i64, style: &str, styles: &Styles) -> Option<u8> {
        let num = self.nums.get(&num_id)?;
        let (_, abs) = self.abstract_of(num_id, styles)?;
        (0..LEVELS)
            .find(|&i| {
                let level = num
                    .level_override
                    .get(i)
                    .and_then(Option::as_ref)
                    .or_else(|| abs.levels.get(i).and_then(Option::as_ref));
                level.and_then(|l| l.style.as_deref()) == Some(style)
            })
            .and_then(|i| u8::try_from(i).ok())
    }

    /// Advances the counters for a paragraph numbered `(num_id, ilvl)` and returns its label,
    /// `None` when the level prints nothing.
    pub fn next_label(&mut self, num_id: i64, ilvl: u8, styles: &Styles) -> Option<String> {
        let (key, counters, label) = self.advance(num_id, ilvl, styles)?;
        self.counters.insert(key, counters);
        label
    }

    fn advance(
        &self,
        num_id: i64,
        ilvl: u8,
        styles: &Styles,
    ) -> Option<(Key, [Option<i64>; LEVELS], Option<String>)> {
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let num = self.nums.get(&num_id)?;
        let (abs_id, abs) = self.abstract_of(num_id, styles)?;
        let levels: [Option<&Level>; LEVELS] = std::array::from_fn(|i| {
            num.level_override
                .get(i)
                .and_then(Option::as_ref)
                .or_else(|| abs.levels.get(i).and_then(Option::as_ref))
        });
        let start_of = |i: usize| -> i64 {
            num.start_override
                .get(i)
                .copied()
                .flatten()
                .or_else(|| levels.get(i).copied().flatten().and_then(|l| l.start))
                .unwrap_or(1)
        };
        let key = if num.has_overrides() {
            Key::Num(num_id)
        } else {
            Key::Abstract(abs_id)
        };
        let mut counters = self.counters.get(&key).copied().unwrap_or([None; LEVELS]);
        let value = counters[ilvl].map_or_else(|| start_of(ilvl), |v| v.saturating_add(1));
        counters[ilvl] = Some(value);
        for (j, counter) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart = levels.get(j).copied().flatten().and_then(|l| l.restart);
            let resets = match restart {
                Some(0) => false,
                Some(r) => (ilvl as i64) < r,
                None => true,
            };
            if resets {
                *counter = None;
            }
        }
        let label = levels[ilvl].and_then(|level| {
            let text = level.text.as_deref()?;
            let fmt = level.fmt.as_deref().unwrap_or("decimal");
            if fmt == "bullet" {
                return bullet(text);
            }
            let mut label = String::new();
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                let placeholder = if c == '%' {
                    chars
                        .peek()
                        .and_then(|d| d.to_digit(10))
                        .filter(|d| (1..=9).contains(d))
                } else {
                    None
                };
                let Some(k) = placeholder else {
                    label.push(c);
                    continue;
                };
                chars.next();
                let i = (k - 1) as usize;
                let value = counters
                    .get(i)
                    .copied()
                    .flatten()
                    .unwrap_or_else(|| start_of(i));
                let ref_fmt = levels
                    .get(i)
                    .copied()
                    .flatten()
                    .and_then(|l| l.fmt.as_deref())
                    .unwrap_or("decimal");
                let ref_fmt = if level.is_lgl && ref_fmt != "none" && ref_fmt != "bullet" {
                    "decimal"
                } else {
                    ref_fmt
                };
                label.push_str(&numfmt::render(value, ref_fmt));
            }
            (!label.trim().is_empty()).then_some(label)
        });
        Some((key, counters, label))
    }
}

/// A bullet's label: the character when it is a real one, a plain bullet for symbol-font
/// characters of the private use area.
fn bullet(text: &str) -> Option<String> {
    if text.trim().is_empty() {
        return None;
    }
    if text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c)) {
        return Some("•".into());
    }
    Some(text.to_string())
}
