//! `text.matches_tables` on prose that states a group of rows or "all" of them: 予以公开及部分公开,
//! 不予公开, 无法提供, 不予处理 (the rows of a group of table 三, taken from the template's row
//! groups), "均获维持" (结果维持 = 总计 in the rows named) and a percentage beside a count. Each
//! sentence stands alone in 一、总体情况 of a report whose cells are all 0 except those given.

#[path = "prose_common/mod.rs"]
mod prose_common;

use prose_common::{findings, flagged};

/// The one finding's labels: the rows summed.
fn labels(sentence: &str, cells: &[(&str, i64)]) -> String {
    let f = findings(sentence, cells);
    assert_eq!(f.len(), 1, "{sentence}: {f:?}");
    f[0].labels.clone().expect("labels")
}

const GRANTED: &str = "requests.granted.total";
const PARTLY: &str = "requests.partly_granted.total";

#[test]
fn granted_and_partly_granted_are_summed() {
    let s = "共办结政府信息公开申请20件，其中予以公开及部分公开12件。";
    let closed = ("requests.total.total", 20);
    assert!(flagged(s, &[closed, (GRANTED, 10), (PARTLY, 2)]).is_empty());
    assert_eq!(
        flagged(s, &[closed, (GRANTED, 12), (PARTLY, 2)]),
        vec![GRANTED]
    );
    let l = labels(s, &[closed, (GRANTED, 12), (PARTLY, 2)]);
    assert!(l.contains("予以公开") && l.contains("部分公开"), "{l}");
}

#[test]
fn unable_is_the_sum_of_the_unable_rows() {
    let s = "本年度收到政府信息公开申请20件，无法提供6件。";
    let right = [
        ("requests.new.total", 20),
        ("requests.unable_not_held.total", 3),
        ("requests.unable_needs_creation.total", 2),
        ("requests.unable_unclear.total", 1),
    ];
    assert!(flagged(s, &right).is_empty());
    let wrong = [
        ("requests.new.total", 20),
        ("requests.unable_not_held.total", 3),
    ];
    assert_eq!(flagged(s, &wrong), vec!["requests.unable_not_held.total"]);
    let l = labels(s, &wrong);
    for row in ["本机关不掌握", "另行制作", "仍不明确"] {
        assert!(l.contains(row), "{row} not named in {l}");
    }
}

#[test]
fn declined_and_withheld_are_the_sums_of_their_groups() {
    let s = "收到政府信息公开申请9件，不予公开2件，不予处理3件。";
    let right = [
        ("requests.new.total", 9),
        ("requests.withheld_state_secret.total", 1),
        ("requests.withheld_process.total", 1),
        ("requests.declined_complaint.total", 2),
        ("requests.declined_duplicate.total", 1),
    ];
    assert!(flagged(s, &right).is_empty());
    let withheld_wrong = [
        ("requests.new.total", 9),
        ("requests.withheld_state_secret.total", 1),
        ("requests.declined_complaint.total", 2),
        ("requests.declined_duplicate.total", 1),
    ];
    assert_eq!(
        flagged(s, &withheld_wrong),
        vec!["requests.withheld_state_secret.total"]
    );
    let declined_wrong = [
        ("requests.new.total", 9),
        ("requests.withheld_state_secret.total", 1),
        ("requests.withheld_process.total", 1),
        ("requests.declined_complaint.total", 2),
    ];
    assert_eq!(
        flagged(s, &declined_wrong),
        vec!["requests.declined_complaint.total"]
    );
    assert!(labels(s, &declined_wrong).contains("重复申请"));
}

#[test]
fn a_clause_naming_one_reason_is_not_the_group() {
    let s = "收到政府信息公开申请3件，因本机关不掌握相关政府信息无法提供1件。";
    assert!(
        flagged(
            s,
            &[
                ("requests.new.total", 3),
                ("requests.unable_not_held.total", 1),
                ("requests.unable_unclear.total", 1)
            ]
        )
        .is_empty()
    );
}

#[test]
fn all_upheld_needs_upheld_to_equal_the_total() {
    let s = "全年发生政府信息公开行政复议2件，行政诉讼1件，均获维持。";
    let right = [
        ("appeals.review.upheld", 2),
        ("appeals.review.total", 2),
        ("appeals.litigation_direct.upheld", 1),
        ("appeals.litigation_direct.total", 1),
    ];
    assert!(flagged(s, &right).is_empty());
    let review_corrected = [
        ("appeals.review.upheld", 1),
        ("appeals.review.corrected", 1),
        ("appeals.review.total", 2),
        ("appeals.litigation_direct.upheld", 1),
        ("appeals.litigation_direct.total", 1),
    ];
    assert_eq!(flagged(s, &review_corrected), vec!["appeals.review.upheld"]);
    let litigation_pending = [
        ("appeals.review.upheld", 2),
        ("appeals.review.total", 2),
        ("appeals.litigation_after_review.pending", 1),
        ("appeals.litigation_after_review.total", 1),
    ];
    assert_eq!(
        flagged(s, &litigation_pending),
        vec!["appeals.litigation_direct.upheld"]
    );
    let l = labels(s, &litigation_pending);
    assert!(
        l.contains("未经复议直接起诉") && l.contains("复议后起诉"),
        "{l}"
    );
}

#[test]
fn another_result_named_is_not_all_upheld() {
    let s = "政府信息公开行政复议2件，1件维持，1件被纠正，行政诉讼均获维持。";
    assert!(
        flagged(
            s,
            &[
                ("appeals.review.upheld", 1),
                ("appeals.review.corrected", 1),
                ("appeals.review.total", 2)
            ]
        )
        .is_empty()
    );
}

#[test]
fn a_percentage_beside_a_count_is_its_share_of_the_stated_base() {
    let cells = [
        ("requests.total.total", 20),
        (GRANTED, 10),
        (PARTLY, 2),
        ("requests.unable_not_held.total", 3),
    ];
    for s in [
        "共办结政府信息公开申请20件，其中予以公开及部分公开12件（60%），无法提供3件（15%）。",
        "共办结政府信息公开申请20件，其中予以公开及部分公开12件，占比60.0%。",
    ] {
        assert!(flagged(s, &cells).is_empty(), "{s}");
    }
    let s = "共办结政府信息公开申请20件，其中予以公开及部分公开12件（65%）。";
    let f = findings(s, &cells);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(
        (f[0].expected.as_deref(), f[0].found.as_deref()),
        (Some("60%"), Some("65%"))
    );
    // No base stated: nothing to compare the percentage with.
    assert!(
        flagged(
            "其中予以公开及部分公开12件（65%）的申请均按期答复。",
            &cells
        )
        .is_empty()
    );
}
