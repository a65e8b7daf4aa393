//! `text.matches_tables` on sentences phrased as real reports phrase them: each sentence alone in
//! 一、总体情况 of a report whose cells are all 0 except those given, and the exact cells warned
//! about. Most cases are false-positive guards: sentences with a trigger word and a figure that
//! are not about the tables (a 司法局's own review cases, 行政许可 applications, cumulative counts,
//! "一件事"), which must stay silent even though every cell is 0.

#[path = "prose_common/mod.rs"]
mod prose_common;

use prose_common::flagged;

/// The sentences of `all` that draw a warning although every cell is 0, with the cells.
fn not_silent<'a>(all: &[&'a str]) -> Vec<(&'a str, Vec<String>)> {
    all.iter()
        .map(|s| (*s, flagged(s, &[])))
        .filter(|(_, f)| !f.is_empty())
        .collect()
}

#[test]
fn reads_the_usual_statements_of_applications() {
    let new = "requests.new.total";
    for s in [
        "2023年，共收到政府信息公开申请17件。",
        "全年共受理依申请公开事项十七件。",
        "本年度新收政府信息公开申请17件，其中自然人申请15件。",
        "依申请公开方面，全年共受理申请17件，均在法定期限内答复。",
        "2023年，我局共收到政府信息公开申请17件，其中自然人申请15件，法人或其他组织申请2件，均已按期答复。",
        "本年度上年结转政府信息公开申请0件，本年度新收政府信息公开申请17件。",
    ] {
        assert_eq!(flagged(s, &[(new, 5)]), vec![new], "{s}");
        assert!(flagged(s, &[(new, 17)]).is_empty(), "{s}");
    }
    // 受理 counting the applications carried over too.
    let s = "共受理政府信息公开申请17件（含上年结转2件）。";
    assert!(flagged(s, &[(new, 15), ("requests.carried_over.total", 2)]).is_empty());
}

#[test]
fn reads_closed_carried_and_appeals() {
    let closed = "requests.total.total";
    assert_eq!(
        flagged("本年度共办结政府信息公开申请一百零五件。", &[(closed, 104)]),
        vec![closed]
    );
    assert!(flagged("本年度共办结政府信息公开申请一百零五件。", &[(closed, 105)]).is_empty());
    assert_eq!(
        flagged("结转下年度继续办理两件。", &[]),
        vec!["requests.carried_forward.total"]
    );
    assert_eq!(
        flagged(
            "因政府信息公开被申请行政复议3件，其中维持2件、纠正1件。",
            &[("appeals.review.total", 3), ("appeals.review.upheld", 3)]
        ),
        vec!["appeals.review.upheld", "appeals.review.corrected"]
    );
    assert_eq!(
        flagged("因政府信息公开被提起行政诉讼1件。", &[]),
        vec!["appeals.litigation_direct.total"]
    );
    assert!(
        flagged(
            "因政府信息公开被提起行政诉讼1件。",
            &[("appeals.litigation_after_review.total", 1)]
        )
        .is_empty()
    );
    assert_eq!(
        flagged(
            "现行有效的行政规范性文件12件。",
            &[("active.normative.in_force", 11)]
        ),
        vec!["active.normative.in_force"]
    );
    assert_eq!(
        flagged("本年度共收取信息处理费200元。", &[]),
        vec!["requests.granted.total"]
    );
}

#[test]
fn stays_silent_on_other_counts_that_share_the_words() {
    let sentences = [
        // Applications of other kinds.
        "全年共受理行政许可申请1234件，办结1234件。",
        "政务服务中心共受理各类申请事项3.2万件。",
        "共收到人大代表建议和政协提案45件，均已按时办结。",
        "12345热线共受理群众诉求3000余件。",
        "共受理政府信息公开咨询50件。",
        "对申请内容不明确的政府信息公开申请，告知申请人补正，共收到补正材料3份。",
        "其中延期答复政府信息公开申请2件。",
        // Time limits, rates.
        "在收到政府信息公开申请之日起20个工作日内予以答复。",
        "政府信息公开申请按时办结率100%。",
        // Review and litigation that are not about information disclosure.
        "全年共办理行政复议案件32件，其中维持20件、纠正5件。",
        "全年出庭应诉行政诉讼案件12件。",
        "在政府网站公开行政复议决定书5件。",
        // Counts over other periods.
        "自《条例》施行以来，累计受理政府信息公开申请230件。",
        "第一季度共收到政府信息公开申请3件。",
        // A figure that belongs to a phrase.
        "推进“高效办成一件事”，受理依申请公开事项均按时办结。",
        // Counts of more bodies than the organ, breakdowns without 其中, complaints.
        "全县共受理政府信息公开申请356件。",
        "各乡镇现行有效的行政规范性文件共计35件。",
        "收到的政府信息公开申请涉及征收补偿类5件。",
        // Ordinals and words made of a numeral and a unit.
        "答复政府信息公开申请严格遵照《条例》第三十三条规定的期限。",
        "收到政府信息公开申请后立即与业务科室一起会商。",
        "现行有效的行政规范性文件涉及三个领域。",
        // Fees that are not 信息处理费.
        "本年度共收取不动产登记费用30万元。",
        // Two different figures: cannot tell which is the year's.
        "网上受理政府信息公开申请3件，当面受理政府信息公开申请2件。",
        // Changes and approximate figures.
        "受理政府信息公开申请数量较上年增加2件。",
        "累计收到政府信息公开申请5500余条。",
        "共受理政府信息公开申请约20件。",
    ];
    assert_eq!(not_silent(&sentences), vec![]);
    // "未收到…" states 0 only of what it is about: here complaints, not applications.
    let s = "本年度未收到针对政府信息公开申请办理的投诉。";
    assert!(flagged(s, &[("requests.new.total", 5)]).is_empty());
    let s = "本年度未收到政府信息公开申请。";
    assert_eq!(
        flagged(s, &[("requests.new.total", 5)]),
        vec!["requests.new.total"]
    );
}
