"""Plausible Chinese personal names: surnames by frequency, given names by gender and generation.

Surname weights follow the national frequency ranking (王 李 张 刘 陈 … each
in per-ten-thousand of the population), so a demo's roster looks like a real
one; given names follow the fashions of the decade a person was born in,
because a 1950s 秀英 beside a 2000s 子涵 is what a community roster looks like.
"""

from __future__ import annotations

import random
from itertools import accumulate

SURNAMES: tuple[tuple[str, int], ...] = tuple(
    (name, int(weight))
    for name, weight in (
        entry.split(":")
        for entry in (
            "王:712 李:708 张:674 刘:538 陈:453 杨:308 黄:223 赵:200 吴:185 周:185 徐:145 孙:136 马:129 朱:128 "
            "胡:117 郭:116 何:114 林:111 高:106 罗:98 郑:88 梁:86 谢:79 宋:71 唐:70 许:67 韩:65 冯:63 邓:62 "
            "曹:61 彭:58 曾:57 肖:56 田:55 董:53 潘:51 袁:51 蔡:50 蒋:49 余:48 于:48 杜:47 叶:45 程:45 魏:44 "
            "苏:43 吕:43 丁:42 任:41 卢:40 姚:39 沈:39 钟:38 姜:37 崔:36 谭:35 陆:34 范:32 汪:32 廖:31 石:30 "
            "金:29 韦:28 贾:28 夏:27 付:27 方:26 邹:25 熊:25 白:24 孟:24 秦:23 邱:23 侯:23 江:22 尹:22 薛:21 "
            "闫:21 段:21 雷:20 龙:19 黎:19 史:19 陶:18 贺:18 毛:17 郝:17 顾:17 龚:16 邵:16 万:15 覃:15 武:15 "
            "钱:15 戴:15 严:14 莫:14 孔:14 向:13 常:13 欧阳:5 司马:1 诸葛:1 上官:1"
        ).split()
    )
)
_SURNAME_NAMES = tuple(name for name, _ in SURNAMES)
_SURNAME_CUMULATIVE = tuple(accumulate(weight for _, weight in SURNAMES))

# (gender, generation) → given names in fashion then; generation: born before 1970, 1970–1989, 1990 on.
GIVEN_NAMES: dict[tuple[str, str], tuple[str, ...]] = {
    ("male", "old"): tuple(
        "建国 建华 国强 国庆 志强 志明 卫东 卫国 红军 德明 德华 永强 永福 振华 金龙 长林 海军 家明 光明 学军 "
        "玉林 春生 水生 保国 富贵 根生 宝华 广才 树林 福生".split()
    ),
    ("female", "old"): tuple(
        "秀英 桂英 秀兰 桂兰 淑芬 玉兰 凤英 玉梅 秀珍 桂芳 淑华 素珍 翠花 丽华 美华 红梅 秀云 淑英 金凤 爱华 "
        "春兰 冬梅 菊英 月娥 玉珍 桂香 秀芳 兰英 凤兰 素芬".split()
    ),
    ("male", "mid"): tuple(
        "伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 波 志刚 海涛 建军 晓东 文斌 俊杰 立新 永刚 国栋 "
        "建平 宏伟 晓峰 小龙 春雷 云飞".split()
    ),
    ("female", "mid"): tuple(
        "丽 敏 静 燕 艳 娟 霞 芳 玲 婷 红 梅 琳 丽娟 晓燕 海燕 春燕 晓丽 丽萍 雪梅 慧敏 秀丽 彩霞 玉洁 "
        "晓红 丽丽 婷婷 小芳 金花".split()
    ),
    ("male", "young"): tuple(
        "浩然 子轩 宇航 俊熙 梓豪 浩宇 一鸣 子墨 博文 思远 天佑 皓轩 宇轩 睿 泽宇 晨阳 嘉豪 文轩 明杰 "
        "家豪 宇 浩 鑫 昊天 俊宇".split()
    ),
    ("female", "young"): tuple(
        "欣怡 子涵 雨萱 梓涵 诗涵 思琪 佳怡 雨桐 可欣 语嫣 梦瑶 晨曦 紫萱 嘉怡 雅琪 婉婷 欣妍 若曦 心怡 "
        "一诺 悦 佳琪 雨欣 梦洁".split()
    ),
}


def generation(birth_year: int) -> str:
    if birth_year < 1970:
        return "old"
    return "mid" if birth_year < 1990 else "young"


def person_name(rng: random.Random, gender: str, birth_year: int) -> str:
    """A surname drawn by national frequency plus a given name of the person's gender and decade."""
    surname = rng.choices(_SURNAME_NAMES, cum_weights=_SURNAME_CUMULATIVE)[0]
    return surname + rng.choice(GIVEN_NAMES[gender, generation(birth_year)])
