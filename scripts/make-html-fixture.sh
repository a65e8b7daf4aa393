#!/usr/bin/env bash
# Builds tests/fixtures/html/numbered-2023.gbk.html: the seed report with every one of its 200
# cells holding its own value (1, 2, 3 … in the order of the model; tables.requests.new.natural
# blank, tables.active.fees.amount 24252.311082), exported as .docx by gongkai, turned into HTML
# by LibreOffice (its rowspan/colspan tables), put inside a portal page (site header, menu,
# breadcrumb, share links, a script, footer) and saved as GBK with charset=gb2312.
# tests/html_reader.rs numbers the seed the same way and expects every value back.
#
# Usage: scripts/make-html-fixture.sh   (needs soffice and python3; GONGKAI=path/to/gongkai)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${GONGKAI:-${CARGO_TARGET_DIR:-target}/debug/gongkai}
[ -n "${GONGKAI:-}" ] || cargo build --quiet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$bin" convert samples/zhangdian-2023.utf8.txt --to json -o "$work/seed.json" --force 2>/dev/null
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
r = json.load(open(f"{work}/seed.json", encoding="utf-8"))
n = 0
for t, rows in r["tables"].items():
    for row, cols in rows.items():
        for col in cols:
            n += 1
            cols[col] = n
r["tables"]["requests"]["new"]["natural"] = None
r["tables"]["active"]["fees"]["amount"] = 24252.311082
assert n == 200, n
json.dump(r, open(f"{work}/numbered.json", "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
"$bin" convert "$work/numbered.json" --to docx -o "$work/numbered.docx" --force 2>/dev/null || true
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to html \
    --outdir "$work" "$work/numbered.docx" >/dev/null 2>&1
python3 - "$work/numbered.html" tests/fixtures/html/numbered-2023.gbk.html <<'PY'
import re, sys
src, dst = sys.argv[1], sys.argv[2]
page = open(src, encoding="utf-8").read()
page = re.sub(r'<meta http-equiv="content-type"[^>]*>', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', page, flags=re.I)
chrome_top = """
<div class="top"><a href="/">网站首页</a> | <a href="/wza">无障碍</a> | <a href="/en">English</a></div>
<div id="header"><h1>淄博市张店区人民政府门户网站</h1><form action="/search"><input name="q" value="请输入关键字"><button>搜索</button></form></div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/zwfw">政务服务</a></li><li><a href="/hdjl">互动交流</a></li></ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府信息公开年报</div>
<table class="meta"><tr><td>索引号：</td><td>11370303MB28567821/2024-00001</td><td>发布日期：</td><td>2024-01-20</td></tr></table>
<div class="article">
"""
chrome_bottom = """
</div>
<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>
<script>var _hmt = _hmt || []; document.write("统计代码");</script>
<div id="footer"><p>主办单位：淄博市张店区人民政府办公室</p><p>网站标识码：3703030001 鲁ICP备00000000号</p></div>
"""
page = re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + chrome_top, page, count=1, flags=re.I)
page = re.sub(r'(</body>)', lambda m: chrome_bottom + m.group(1), page, count=1, flags=re.I)
open(dst, "wb").write(page.encode("gbk"))
PY
echo "wrote tests/fixtures/html/numbered-2023.gbk.html"
