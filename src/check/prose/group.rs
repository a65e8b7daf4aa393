//! The statements about a group of cells that are not one figure of one row: "均获维持" (every
//! case of the rows mentioned had this result) and a percentage printed beside a figure
//! ("予以公开12件（60%）"), checked against the tables like the figures themselves.

use super::{RULE, Stated, contains_any, find_trigger, named, sum};
use crate::check::numeral;
use crate::finding::{Finding, Severity};
use crate::model::Report;
use crate::standard::{ProseCheck, ProseWords, Standard, whole_cells};
use rust_decimal::Decimal;

/// True when `sentence` says that every case of the check's rows had its result: a trigger
/// ("均获维持"), a context word naming the rows and the topic before it, no word of another
/// result (`exclude`), and no other period or scope.
pub(super) fn states_all(sentence: &str, check: &ProseCheck, words: &ProseWords) -> bool {
    if contains_any(sentence, &check.exclude) {
        return false;
    }
    let Some((at, _)) = find_trigger(sentence, &check.triggers) else {
        return false;
    };
    let head = sentence.get(..at).unwrap_or("");
    (check.context.is_empty() || contains_any(head, &check.context))
        && (check.topic.is_empty() || contains_any(head, &check.topic))
        && !contains_any(head, &words.other_period)
        && !contains_any(head, &words.other_scope)
}

/// Relation `all`: the sum of the check's cells against the sum of the same rows' whole
/// column; a finding naming the cells summed when they differ.
pub(super) fn compare_all(
    report: &Report,
    std: &Standard,
    check: &ProseCheck,
    sentence: &str,
) -> Option<Finding> {
    let wholes = whole_cells(check);
    let part = sum(report, &check.cells)?;
    let whole = sum(report, &wholes)?;
    if part == whole {
        return None;
    }
    let (first, labels) = named(std, &check.cells)?;
    let (_, whole_labels) = named(std, &wholes)?;
    let message = format!(
        "正文称{}，而表中{labels}为 {part}，{whole_labels}为 {whole}",
        check.what
    );
    Some(
        Finding::new(RULE, Severity::Warning, message)
            .at_cell(first, labels)
            .expecting(whole.to_string(), part.to_string())
            .quoting(sentence),
    )
}

/// A percentage right after a figure: "（15.2%）", "(15.2%)", "，占15.2%", "，占比15.2%".
/// Returns the value and the number of decimals printed.
fn percent_after(text: &str) -> Option<(Decimal, u32)> {
    let mut rest = text;
    if let Some(r) = ["（", "(", "，", ","]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
    {
        rest = r;
    }
    if let Some(r) = ["占比为", "占比", "占"]
        .iter()
        .find_map(|p| rest.strip_prefix(p))
    {
        rest = r;
    }
    let len = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (number, after) = rest.split_at(len);
    if !after.starts_with(['%', '％']) || number.is_empty() {
        return None;
    }
    let value: Decimal = number.parse().ok()?;
    Some((value, value.scale()))
}

/// A percentage printed beside the stated figure, against the figure's share of a base of
/// `share_of` that the sentence states (a figure of the sentence equals the base's sum). The
/// printed percentage may be rounded or cut off: it may differ by less than one unit of its last
/// digit. Nothing is said when no base is stated.
pub(super) fn compare_share(
    report: &Report,
    std: &Standard,
    check: &ProseCheck,
    stated: &Stated,
    sentence: &str,
) -> Option<Finding> {
    if check.share_of.is_empty() || stated.unit.is_empty() {
        return None;
    }
    let (printed, scale) = percent_after(sentence.get(stated.end..)?)?;
    let figures: Vec<Decimal> = numeral::figures(sentence)
        .into_iter()
        .map(|f| f.value)
        .collect();
    let hundred = Decimal::from(100);
    let shares: Vec<(Decimal, Decimal)> = (check.share_of.iter())
        .filter_map(|base| sum(report, base))
        .filter(|b| !b.is_zero() && figures.contains(b))
        .map(|b| (b, stated.value * hundred / b))
        .collect();
    let tolerance = Decimal::new(1, scale);
    if shares.is_empty() || shares.iter().any(|(_, s)| (*s - printed).abs() < tolerance) {
        return None;
    }
    let (base, share) = shares[0];
    let (first, labels) = named(std, &check.cells)?;
    let share = share.round_dp(scale + 1).normalize();
    let message = format!(
        "正文所述{}的比例（{printed}%）与表格不符：{}占 {base} 的 {share}%",
        check.what,
        stated.display()
    );
    Some(
        Finding::new(RULE, Severity::Warning, message)
            .at_cell(first, labels)
            .expecting(format!("{share}%"), format!("{printed}%"))
            .quoting(sentence),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_percentage_after_a_figure() {
        assert_eq!(percent_after("（15.2%）"), Some((Decimal::new(152, 1), 1)));
        assert_eq!(percent_after("，占比60％"), Some((Decimal::from(60), 0)));
        assert_eq!(percent_after("，其中60%"), None);
        assert_eq!(percent_after("（%）"), None);
    }
}
