//! Data derived from a standard's definition (folded labels, label indexes, trigger automata),
//! built once for the embedded standards instead of once per document: with a thousand reports in
//! a batch, folding the same few hundred labels for each was a third of the recogniser's time.

use crate::standard::{self, Standard};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The position of `std` among the embedded standards, when it is one of them (by address:
/// a standard parsed by a caller is never taken for an embedded one, even if equal).
fn embedded(std: &Standard) -> Option<usize> {
    standard::all().iter().position(|s| std::ptr::eq(s, std))
}

/// `build(std)`, computed once per embedded standard and kept in `cell`; computed afresh for a
/// standard that is not embedded.
pub fn per_standard<T: Clone + Send + Sync>(
    cell: &'static OnceLock<Vec<T>>,
    std: &Standard,
    build: impl Fn(&Standard) -> T,
) -> Cow<'static, T> {
    match embedded(std) {
        Some(i) => {
            let all = cell.get_or_init(|| standard::all().iter().map(&build).collect());
            Cow::Borrowed(&all[i])
        }
        None => Cow::Owned(build(std)),
    }
}

/// `build(a, b)` for a pair of standards, kept in `cell` when both are embedded. Each pair is
/// built when first asked for (a document of one format asks for its pairs only).
pub fn per_pair<T: Clone + Send + Sync>(
    cell: &'static OnceLock<Vec<Vec<OnceLock<T>>>>,
    a: &Standard,
    b: &Standard,
    build: impl Fn(&Standard, &Standard) -> T,
) -> Cow<'static, T> {
    let slot = (embedded(a).zip(embedded(b))).and_then(|(i, j)| {
        let n = standard::all().len();
        let all = cell.get_or_init(|| {
            (0..n)
                .map(|_| (0..n).map(|_| OnceLock::new()).collect())
                .collect()
        });
        all.get(i)?.get(j)
    });
    match slot {
        Some(slot) => Cow::Borrowed(slot.get_or_init(|| build(a, b))),
        None => Cow::Owned(build(a, b)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_standards_are_built_once_and_others_each_time() {
        static CELL: OnceLock<Vec<String>> = OnceLock::new();
        let current = standard::current();
        let a = per_standard(&CELL, current, |s| s.id.clone());
        assert!(matches!(a, Cow::Borrowed(_)));
        assert_eq!(*a, current.id);
        let copy = current.clone();
        let b = per_standard(&CELL, &copy, |s| format!("own {}", s.id));
        assert!(matches!(b, Cow::Owned(_)));
        assert_eq!(*b, format!("own {}", current.id));
    }

    #[test]
    fn pairs_are_built_when_asked_for_and_kept() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static CELL: OnceLock<Vec<Vec<OnceLock<String>>>> = OnceLock::new();
        static BUILT: AtomicUsize = AtomicUsize::new(0);
        let all = standard::all();
        let (a, b) = (&all[0], &all[1]);
        let build = |x: &Standard, y: &Standard| {
            BUILT.fetch_add(1, Ordering::SeqCst);
            format!("{}→{}", x.id, y.id)
        };
        assert_eq!(*per_pair(&CELL, a, b, build), format!("{}→{}", a.id, b.id));
        assert_eq!(*per_pair(&CELL, a, b, build), format!("{}→{}", a.id, b.id));
        assert_eq!(BUILT.load(Ordering::SeqCst), 1, "one pair, built once");
        assert_eq!(*per_pair(&CELL, b, a, build), format!("{}→{}", b.id, a.id));
        assert_eq!(BUILT.load(Ordering::SeqCst), 2);
    }
}
