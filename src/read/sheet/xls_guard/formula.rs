//! Formula tokens (BIFF `rgce`) walked as calamine's `parse_formula` walks them, token by token:
//! the part of the .xls guard that knows the formula grammar.

use super::{Walk, bad, is_error_code, need, u16_at, u32_at};

/// A formula's tokens as calamine's `parse_formula` consumes them. An error there only
/// replaces the formula text (the walk of this formula ends); an unchecked read is a panic.
pub(super) fn formula(rgce: &[u8], pre_biff8: bool) -> Walk {
    need(rgce, 2, "公式")?;
    let cce = usize::from(u16_at(rgce, 0).unwrap_or(0));
    let Some(mut t) = rgce.get(2..2 + cce) else {
        return bad("公式长度超出记录");
    };
    // Stack depth while it is known; fixed-argument functions pop a number of operands only
    // calamine's table knows, after which underflow is not predicted (the walk goes on).
    let mut stack = Some(0usize);
    let push = |s: &mut Option<usize>| *s = s.map(|n| n + 1);
    let top = |s: &Option<usize>| s.is_none_or(|n| n > 0);
    while let Some((&ptg, tail)) = t.split_first() {
        t = tail;
        let take = |t: &mut &[u8], n: usize| -> Walk {
            need(t, n, "公式")?;
            *t = &t[n..];
            Ok(())
        };
        match ptg {
            0x3a | 0x5a | 0x7a => {
                need(t, 6, "公式")?;
                if u16_at(t, 2) == Some(0xFFFF) {
                    return bad("公式引用的行号溢出");
                }
                push(&mut stack);
                t = &t[6..];
            }
            0x3b | 0x5b | 0x7b | 0x3d | 0x5d | 0x7d => {
                push(&mut stack);
                take(&mut t, 10)?;
            }
            0x3c | 0x5c | 0x7c | 0x39 | 0x59 => {
                push(&mut stack);
                take(&mut t, 6)?;
            }
            0x01 => {
                if t.len() < 4 {
                    return Ok(());
                }
                push(&mut stack);
                t = &t[4..];
            }
            0x03..=0x11 => {
                if !top(&stack) {
                    return Ok(());
                }
                stack = stack.map(|n| n - 1);
            }
            0x12 | 0x13 | 0x15 if !top(&stack) => return Ok(()),
            0x12..=0x15 => {}
            0x16 => push(&mut stack),
            0x17 => {
                push(&mut stack);
                let Some(&cch) = t.first() else {
                    return Ok(());
                };
                let cch = usize::from(cch);
                let len = if pre_biff8 {
                    1 + cch
                } else {
                    let Some(&flags) = t.get(1) else {
                        return Ok(());
                    };
                    2 + if flags & 1 != 0 { 2 * cch } else { cch }
                };
                if t.len() < len {
                    return Ok(());
                }
                t = &t[len..];
            }
            0x18 => take(&mut t, 5)?,
            0x19 => {
                let Some((&etpg, tail)) = t.split_first() else {
                    return bad("公式记录过短");
                };
                t = tail;
                match etpg {
                    0x01 | 0x02 | 0x08 | 0x20 | 0x21 => take(&mut t, 2)?,
                    0x04 => {
                        need(t, 2, "公式")?;
                        let n = usize::from(u16_at(t, 0).unwrap_or(0)) + 1;
                        take(&mut t, 2 + 2 * n)?;
                    }
                    0x10 => {
                        take(&mut t, 2)?;
                        if !top(&stack) {
                            return Ok(());
                        }
                    }
                    0x40 | 0x41 => {
                        if !top(&stack) {
                            return Ok(());
                        }
                        need(t, 1, "公式")?;
                        if t[0] > 6 {
                            return Ok(());
                        }
                        take(&mut t, 2)?;
                    }
                    _ => return Ok(()),
                }
            }
            0x1C => {
                push(&mut stack);
                let Some((&err, tail)) = t.split_first() else {
                    return bad("公式记录过短");
                };
                t = tail;
                if !is_error_code(err) {
                    return Ok(());
                }
            }
            0x1D => {
                push(&mut stack);
                take(&mut t, 1)?;
            }
            0x1E => {
                push(&mut stack);
                take(&mut t, 2)?;
            }
            0x1F => {
                push(&mut stack);
                take(&mut t, 8)?;
            }
            0x20 | 0x40 | 0x60 => {
                push(&mut stack);
                take(&mut t, 7)?;
            }
            0x22 | 0x42 | 0x62 => {
                need(t, 3, "公式")?;
                let argc = usize::from(t[0]);
                let iftab = usize::from(u16_at(t, 1).unwrap_or(0));
                t = &t[3..];
                if stack.is_some_and(|n| n < argc) || iftab >= FTAB_LEN {
                    return Ok(());
                }
                stack = stack.map(|n| n - argc + 1);
            }
            0x21 | 0x41 | 0x61 => {
                need(t, 2, "公式")?;
                if usize::from(u16_at(t, 0).unwrap_or(0)) >= FTAB_LEN {
                    return Ok(());
                }
                t = &t[2..];
                stack = None;
            }
            0x23 | 0x43 | 0x63 => {
                need(t, 4, "公式")?;
                if u32_at(t, 0) == Some(0) {
                    return bad("公式引用的名称序号为 0");
                }
                push(&mut stack);
                t = &t[4..];
            }
            0x24 | 0x44 | 0x64 => {
                push(&mut stack);
                if pre_biff8 {
                    take(&mut t, 3)?;
                } else {
                    need(t, 2, "公式")?;
                    if u16_at(t, 0) == Some(0xFFFF) {
                        return bad("公式引用的行号溢出");
                    }
                    take(&mut t, 4)?;
                }
            }
            0x25 | 0x45 | 0x65 => {
                push(&mut stack);
                take(&mut t, if pre_biff8 { 6 } else { 8 })?;
            }
            0x2A | 0x4A | 0x6A => {
                push(&mut stack);
                take(&mut t, if pre_biff8 { 3 } else { 4 })?;
            }
            0x2B | 0x4B | 0x6B => {
                push(&mut stack);
                take(&mut t, if pre_biff8 { 6 } else { 8 })?;
            }
            _ => return Ok(()),
        }
    }
    Ok(())
}

/// Entries of calamine's function table (`FTAB_LEN`).
const FTAB_LEN: usize = 485;
