//! Folds compatibility radicals to the unified ideographs they stand for (⾏ → 行, ⺠ → 民).
//!
//! Chromium's print-to-PDF and some producers write ToUnicode maps that point at Kangxi
//! Radicals (U+2F00–U+2FD5) or CJK Radicals Supplement (U+2E80–U+2EF3) code points instead of
//! the ideographs. The Kangxi block folds by Unicode's compatibility decomposition (NFKC; the
//! table below is that decomposition); the Supplement has no decomposition, so its table
//! follows Unicode's EquivalentUnifiedIdeograph data for the forms with a certain equivalent
//! and leaves the rest as they are.

/// The NFKC form of U+2F00 + i, for the 214 Kangxi radicals.
const KANGXI: &str = concat!(
    "一丨丶丿乙亅二亠人儿入八冂冖冫几凵刀力勹匕匚匸十卜卩厂厶又口",
    "囗土士夂夊夕大女子宀寸小尢尸屮山巛工己巾干幺广廴廾弋弓彐彡彳",
    "心戈戶手支攴文斗斤方无日曰月木欠止歹殳毋比毛氏气水火爪父爻爿",
    "片牙牛犬玄玉瓜瓦甘生用田疋疒癶白皮皿目矛矢石示禸禾穴立竹米糸",
    "缶网羊羽老而耒耳聿肉臣自至臼舌舛舟艮色艸虍虫血行衣襾見角言谷",
    "豆豕豸貝赤走足身車辛辰辵邑酉釆里金長門阜隶隹雨靑非面革韋韭音",
    "頁風飛食首香馬骨高髟鬥鬯鬲鬼魚鳥鹵鹿麥麻黃黍黑黹黽鼎鼓鼠鼻齊",
    "齒龍龜龠",
);

/// CJK Radicals Supplement code points with a certain unified equivalent.
const SUPPLEMENT: &[(char, char)] = &[
    ('\u{2e81}', '厂'), // ⺁
    ('\u{2e85}', '亻'), // ⺅
    ('\u{2e86}', '冂'), // ⺆
    ('\u{2e89}', '刂'), // ⺉
    ('\u{2e8f}', '尣'), // ⺏
    ('\u{2e90}', '尢'), // ⺐
    ('\u{2e92}', '巳'), // ⺒
    ('\u{2e93}', '幺'), // ⺓
    ('\u{2e94}', '彑'), // ⺔
    ('\u{2e96}', '忄'), // ⺖
    ('\u{2e97}', '心'), // ⺗
    ('\u{2e98}', '扌'), // ⺘
    ('\u{2e99}', '攵'), // ⺙
    ('\u{2e9b}', '旡'), // ⺛
    ('\u{2e9d}', '月'), // ⺝
    ('\u{2e9e}', '歺'), // ⺞
    ('\u{2e9f}', '母'), // ⺟
    ('\u{2ea0}', '民'), // ⺠
    ('\u{2ea1}', '氵'), // ⺡
    ('\u{2ea2}', '氺'), // ⺢
    ('\u{2ea3}', '灬'), // ⺣
    ('\u{2ea4}', '爫'), // ⺤
    ('\u{2ea6}', '丬'), // ⺦
    ('\u{2ea7}', '牛'), // ⺧
    ('\u{2ea8}', '犭'), // ⺨
    ('\u{2ea9}', '王'), // ⺩
    ('\u{2eaa}', '疂'), // ⺪
    ('\u{2eab}', '罒'), // ⺫
    ('\u{2eac}', '示'), // ⺬
    ('\u{2ead}', '礻'), // ⺭
    ('\u{2eae}', '竹'), // ⺮
    ('\u{2eaf}', '糹'), // ⺯
    ('\u{2eb0}', '纟'), // ⺰
    ('\u{2eb1}', '罓'), // ⺱
    ('\u{2eb2}', '罒'), // ⺲
    ('\u{2eb6}', '羊'), // ⺶
    ('\u{2eb9}', '耂'), // ⺹
    ('\u{2eba}', '肀'), // ⺺
    ('\u{2ebb}', '聿'), // ⺻
    ('\u{2ebc}', '肉'), // ⺼
    ('\u{2ebd}', '臼'), // ⺽
    ('\u{2ebe}', '艹'), // ⺾
    ('\u{2ec0}', '艹'), // ⻀
    ('\u{2ec2}', '衤'), // ⻂
    ('\u{2ec3}', '覀'), // ⻃
    ('\u{2ec4}', '西'), // ⻄
    ('\u{2ec5}', '见'), // ⻅
    ('\u{2ec6}', '角'), // ⻆
    ('\u{2ec8}', '讠'), // ⻈
    ('\u{2ec9}', '贝'), // ⻉
    ('\u{2eca}', '足'), // ⻊
    ('\u{2ecb}', '车'), // ⻋
    ('\u{2ecc}', '辶'), // ⻌
    ('\u{2ecd}', '辶'), // ⻍
    ('\u{2ecf}', '阝'), // ⻏
    ('\u{2ed0}', '钅'), // ⻐
    ('\u{2ed1}', '長'), // ⻑
    ('\u{2ed2}', '镸'), // ⻒
    ('\u{2ed3}', '长'), // ⻓
    ('\u{2ed4}', '门'), // ⻔
    ('\u{2ed6}', '阝'), // ⻖
    ('\u{2ed7}', '雨'), // ⻗
    ('\u{2ed8}', '青'), // ⻘
    ('\u{2ed9}', '韦'), // ⻙
    ('\u{2eda}', '页'), // ⻚
    ('\u{2edb}', '风'), // ⻛
    ('\u{2edc}', '飞'), // ⻜
    ('\u{2edd}', '食'), // ⻝
    ('\u{2edf}', '飠'), // ⻟
    ('\u{2ee0}', '饣'), // ⻠
    ('\u{2ee2}', '马'), // ⻢
    ('\u{2ee3}', '骨'), // ⻣
    ('\u{2ee4}', '鬼'), // ⻤
    ('\u{2ee5}', '鱼'), // ⻥
    ('\u{2ee6}', '鸟'), // ⻦
    ('\u{2ee7}', '卤'), // ⻧
    ('\u{2ee8}', '麦'), // ⻨
    ('\u{2ee9}', '黄'), // ⻩
    ('\u{2eea}', '黾'), // ⻪
    ('\u{2eeb}', '斉'), // ⻫
    ('\u{2eec}', '齐'), // ⻬
    ('\u{2eed}', '歯'), // ⻭
    ('\u{2eee}', '齿'), // ⻮
    ('\u{2eef}', '竜'), // ⻯
    ('\u{2ef0}', '龙'), // ⻰
    ('\u{2ef1}', '龜'), // ⻱
    ('\u{2ef2}', '亀'), // ⻲
    ('\u{2ef3}', '龟'), // ⻳
];

/// The unified ideograph for a compatibility radical, or the character itself.
pub fn fold_char(c: char) -> char {
    let code = u32::from(c);
    if (0x2F00..=0x2FD5).contains(&code) {
        return KANGXI.chars().nth((code - 0x2F00) as usize).unwrap_or(c);
    }
    if (0x2E80..=0x2EF3).contains(&code)
        && let Ok(i) = SUPPLEMENT.binary_search_by_key(&c, |&(r, _)| r)
    {
        return SUPPLEMENT[i].1;
    }
    c
}

/// `text` with every compatibility radical folded (see [`fold_char`]).
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_kangxi_and_supplement_radicals() {
        assert_eq!(
            fold("\u{2f8f}\u{2ea0}\u{2eda}\u{2f00}\u{2fd5}"),
            "行民页一龠"
        );
        assert_eq!(fold("政府⺇"), "政府⺇");
    }

    #[test]
    fn supplement_table_is_sorted_and_maps_to_ideographs() {
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            SUPPLEMENT
                .iter()
                .all(|&(_, u)| ('\u{4e00}'..='\u{9fff}').contains(&u))
        );
        assert_eq!(KANGXI.chars().count(), 214);
    }
}
