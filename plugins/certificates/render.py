"""The certificate as one self-contained HTML page: UTF-8, a CJK font stack, printable on A4."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linli.plugins.certificates.issue import CertificateFacts

# Fonts most Chinese desktops and phones have, serif first as on printed certificates.
FONTS = '"Songti SC", "SimSun", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC", "Microsoft YaHei", serif'

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>志愿服务证明 {number}</title>
<style>
@page {{ size: A4; margin: 25mm; }}
body {{ font-family: {fonts}; font-size: 14pt; line-height: 1.8; }}
h1 {{ text-align: center; letter-spacing: 0.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #333; padding: 4px 8px; text-align: left; }}
.number {{ text-align: right; }}
</style>
</head>
<body>
<h1>志愿服务证明</h1>
<p class="number">证明编号：{number}</p>
<table>
<tr><th>志愿者姓名</th><td>{name}</td></tr>
<tr><th>证件类型</th><td>{id_type}</td></tr>
<tr><th>证件号码</th><td>{id_number}</td></tr>
<tr><th>志愿者编号</th><td>{volunteer_number}</td></tr>
<tr><th>服务时段</th><td>{period}</td></tr>
<tr><th>服务时长</th><td>{hours} 小时</td></tr>
<tr><th>服务内容</th><td>{content}</td></tr>
</table>
<p>兹证明上述志愿者在本组织参加志愿服务，服务时长依据经审核的志愿服务记录。</p>
<table>
<tr><th>出具组织</th><td>{issuer}</td></tr>
<tr><th>负责人</th><td>{person_in_charge}</td></tr>
<tr><th>经办人</th><td>{handler}</td></tr>
<tr><th>联系方式</th><td>{contact}</td></tr>
<tr><th>出具日期</th><td>{issued_on}</td></tr>
</table>
<p>（依据《民政部关于规范志愿服务记录证明工作的指导意见》民发〔2015〕149号出具；组织盖章处）</p>
</body>
</html>
"""


def render_html(facts: CertificateFacts) -> str:
    content = "；".join(f"{category} {minutes / 60:.1f} 小时" for category, minutes in facts.content) or "无"
    values = {
        "number": facts.number,
        "name": facts.member_name,
        "id_type": facts.id_type,
        "id_number": facts.id_number,
        "volunteer_number": facts.volunteer_number,
        "period": facts.period,
        "hours": facts.hours,
        "content": content,
        "issuer": facts.issuer.name,
        "person_in_charge": facts.issuer.person_in_charge,
        "handler": facts.handler,
        "contact": facts.issuer.contact,
        "issued_on": f"{facts.issued_on.year}年{facts.issued_on.month}月{facts.issued_on.day}日",
    }
    return PAGE.format(fonts=FONTS, **{key: escape(str(value)) for key, value in values.items()})
