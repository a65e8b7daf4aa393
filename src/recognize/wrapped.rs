//! Numbers broken over lines inside narrow cells: a PDF prints "186" in a cell two digits wide as
//! "18" with "6" on the line below, and `pdftotext -layout` keeps both lines, aligned by spaces.
//! A table's one data row (table 四) printed so reads as twice its values; this joins the pieces
//! back, but only when the lines themselves show the wrap — else the row stays unread.

use super::tables::Token;
use super::value::parse;
use crate::document::Place;
use crate::model::Value;
use std::borrow::Cow;

/// The values of a data row of `want` cells whose numbers wrapped inside their cells, joined, or
/// `None` when `run` (the row's words, in reading order) is not such a row.
///
/// The evidence asked for: two lines one after the other; the first holds exactly `want`
/// numbers, the second only pieces that each stand under one number of the first that filled
/// its cell (as long as the first line's longest number, the cell's width) and are shorter than
/// it. A second row of values, a column-number row or a page number fails one of these.
pub(super) fn join<'d>(run: &[&Token<'d>], want: usize) -> Option<Vec<Token<'d>>> {
    let lines = by_line(run)?;
    // Only a number that filled its cell can go on, and only once: its piece on the next line
    // is shorter than the cell (a second row of whole numbers is as long as the first).
    let [first, rest] = lines.as_slice() else {
        return None;
    };
    if first.len() != want {
        return None;
    }
    let width = (first.iter())
        .filter(|t| is_number(&t.text))
        .map(|t| len(t))
        .max()?;
    if width < 2 {
        return None;
    }
    let mut texts: Vec<String> = first.iter().map(|t| t.text.trim().to_string()).collect();
    let mut took = vec![false; want];
    for piece in rest {
        if len(piece) >= width {
            return None;
        }
        let under: Vec<usize> = (0..want).filter(|&i| overlaps(first[i], piece)).collect();
        let [i] = under[..] else { return None };
        if len(first[i]) != width || took[i] || !is_number(&piece.text) || !is_number(&texts[i]) {
            return None;
        }
        took[i] = true;
        texts[i].push_str(piece.text.trim());
    }
    let joined = (first.iter().zip(texts))
        .map(|(top, text)| Token {
            text: Cow::Owned(text),
            place: top.place.clone(),
            value: true,
            counted: false,
            col: top.col,
        })
        .collect();
    Some(joined)
}

/// The run's words grouped by their line, the lines one after another; `None` when a word is
/// not a value of a text line (a grid cell, a label).
fn by_line<'a, 'd>(run: &[&'a Token<'d>]) -> Option<Vec<Vec<&'a Token<'d>>>> {
    let mut lines: Vec<(usize, Vec<&Token>)> = Vec::new();
    for &t in run {
        let Place::Line { line } = t.place else {
            return None;
        };
        if t.counted || !t.value {
            return None;
        }
        match lines.last_mut() {
            Some((n, words)) if *n == line => words.push(t),
            Some((n, _)) if *n + 1 != line => return None,
            _ => lines.push((line, vec![t])),
        }
    }
    Some(lines.into_iter().map(|(_, words)| words).collect())
}

/// Characters of a word as printed.
fn len(t: &Token) -> usize {
    t.text.trim().chars().count()
}

/// Whether `piece` stands under `top` (shares a column with it).
fn overlaps(top: &Token, piece: &Token) -> bool {
    piece.col < top.col + len(top) && top.col < piece.col + len(piece)
}

/// Whether a word reads as a number.
fn is_number(text: &str) -> bool {
    matches!(parse(text).0, Value::Number(_))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `lines` (1-based from `first`) as the text reader's tokens.
    fn words(first: usize, lines: &[&str]) -> Vec<Token<'static>> {
        let mut out = Vec::new();
        for (k, line) in lines.iter().enumerate() {
            let mut col = 0;
            for part in line.split(' ') {
                if !part.is_empty() {
                    out.push(Token {
                        text: Cow::Owned(part.to_string()),
                        place: Place::Line { line: first + k },
                        value: true,
                        counted: false,
                        col,
                    });
                }
                col += part.chars().count() + 1;
            }
        }
        out
    }

    fn joined(lines: &[&str], want: usize) -> Option<Vec<String>> {
        let tokens = words(10, lines);
        let run: Vec<&Token> = tokens.iter().collect();
        join(&run, want).map(|v| v.into_iter().map(|t| t.text.into_owned()).collect())
    }

    #[test]
    fn joins_three_digit_numbers_wrapped_in_two_digit_cells() {
        let got = joined(&["18   18   19    19", " 6    7    0     1"], 4);
        assert_eq!(
            got,
            Some(vec!["186".into(), "187".into(), "190".into(), "191".into()])
        );
    }

    #[test]
    fn joins_only_the_numbers_that_filled_their_cell() {
        let got = joined(&["18    5   19     7", " 6         0"], 4);
        assert_eq!(
            got,
            Some(vec!["186".into(), "5".into(), "190".into(), "7".into()])
        );
    }

    #[test]
    fn refuses_a_second_row_of_values() {
        // Two rows of whole numbers: the lower ones are as long as the upper.
        assert_eq!(joined(&["18 18 19 19", "16 17 10 11"], 4), None);
    }

    #[test]
    fn refuses_a_piece_under_a_number_that_did_not_fill_its_cell() {
        assert_eq!(joined(&["18    5   19     7", "      6    0"], 4), None);
    }

    #[test]
    fn refuses_a_first_line_of_the_wrong_length() {
        assert_eq!(joined(&["18 18 19", " 6  7  0"], 4), None);
        assert_eq!(joined(&["18 18 19 19"], 4), None);
    }

    #[test]
    fn refuses_lines_that_do_not_follow_one_another() {
        let mut tokens = words(10, &["18   18", " 6    7"]);
        for t in tokens.iter_mut().skip(2) {
            t.place = Place::Line { line: 12 };
        }
        let run: Vec<&Token> = tokens.iter().collect();
        assert!(join(&run, 2).is_none());
    }

    #[test]
    fn refuses_one_digit_cells() {
        // Column numbers 1 … 9 over a row of one-digit values.
        assert_eq!(joined(&["1 2 3", "4 5 6"], 3), None);
    }
}
