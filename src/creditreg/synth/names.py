"""Plausible names: Chinese personal names and organisation names, from small tables.

Surnames are drawn by their approximate share of the population (王, 李 and 张 are each
about one person in fifteen); given names are one character or, more often, two, from
tables that lean male or female by the person's sex. Organisation names follow the usual
pattern of the entity kind: city + trade name + industry + form (``杭州恒达贸易有限公司``),
county + shop for an individual business, county + institution for a public body.

Each function takes the random source as an argument: names are deterministic per seed.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from random import Random

_SURNAMES = (  # noqa: SIM905 - a table reads better as one string
    "王71 李70 张65 刘54 陈46 杨31 黄24 赵23 吴20 周19 徐14 孙14 马13 朱12 胡11 郭11 何10 "
    "林10 高10 罗9 郑9 梁8 谢7 宋7 唐7 许6 韩6 冯6 邓6 曹5 彭5 曾5 肖5 田5 董5 袁4 潘4 于4 "
    "蒋4 蔡4 余4 杜4 叶4 程3 苏3 魏3 吕3 丁3 任3 沈3 姚3 卢3 姜3 崔3 钟3 谭3 陆3 汪3 欧阳1 司马1"
).split()
"""Surnames with their approximate share of the population, in thousandths."""
SURNAMES = tuple(entry.rstrip("0123456789") for entry in _SURNAMES)
_SURNAME_WEIGHTS = list(
    accumulate(int(e[len(s) :]) for e, s in zip(_SURNAMES, SURNAMES, strict=True))
)

MALE = "伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙建国文志海峰成东亮晨轩博睿泽嘉毅家"
FEMALE = "芳娜敏静丽艳娟霞秀玲桂英燕婷雪慧莉萍红琳颖洁倩梅晶欣怡佳梓涵雨萱琪诗悦思语可月晓彤妍"

TRADE_NAMES = (  # noqa: SIM905
    "华信 恒达 金源 宏图 鑫泰 博远 中科 天成 瑞丰 永盛 汇通 宏达 新元 东方 创达 合力 正泰 嘉禾 "
    "长城 启明 远航 盛世 鼎盛 万通 福瑞 安泰 德润 兴业 九州 隆基 卓越 星辰 海纳 凯旋 润泽 和信"
).split()
INDUSTRIES = (  # noqa: SIM905
    "科技 贸易 建设工程 物流 餐饮管理 房地产开发 实业 电子 医药 文化传媒 农业发展 机械制造 "
    "信息技术 商贸 环保科技 建材 服装 食品 汽车销售 劳务派遣"
).split()
FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司")
SHOPS = "便利店 餐馆 五金店 理发店 水果店 服装店 汽车修理部 烟酒店 小吃店 超市".split()  # noqa: SIM905
CROPS = "果蔬种植 畜禽养殖 茶叶 农机 粮食种植 中药材种植 水产养殖".split()  # noqa: SIM905
INSTITUTIONS = "人民医院 第一中学 实验小学 中心卫生院 疾病预防控制中心 图书馆 职业技术学校".split()  # noqa: SIM905
ORGANS = "自然资源局 住房和城乡建设局 交通运输局 水务局 农业农村局 市场监督管理局".split()  # noqa: SIM905


def person_name(rng: Random, male: bool) -> str:
    """A surname and a given name of one character (three times in ten) or two."""
    surname = SURNAMES[bisect.bisect_right(_SURNAME_WEIGHTS, rng.random() * _SURNAME_WEIGHTS[-1])]
    table = MALE if male else FEMALE
    given = table[int(rng.random() * len(table))]
    if rng.random() >= 0.3:
        given += table[int(rng.random() * len(table))]
    return surname + given


_PATTERNS: dict[str, tuple[str, tuple[str, ...] | list[str]]] = {
    "92": ("{county}{word}{pick}", SHOPS),
    "93": ("{county}{word}{pick}专业合作社", CROPS),
    "12": ("{county}{pick}", INSTITUTIONS),
    "11": ("{county}{pick}", ORGANS),
    "51": ("{place}{pick}协会", INDUSTRIES),
    "52": ("{place}{word}职业培训学校", ()),
    "53": ("{place}{word}公益基金会", ()),
}
"""A name's pattern by entity kind, and the list ``pick`` is drawn from (after ``word``,
so a seed gives the names it gave before); other kinds are firms."""


def organisation_name(rng: Random, kind: str, city: str, county: str) -> str:
    """A name in the pattern of the entity ``kind`` (characters 1-2 of its credit code)."""
    place = _short(city)
    word = rng.choice(TRADE_NAMES)
    template, pool = _PATTERNS.get(kind, ("", ()))
    if not template:
        return f"{place}{word}{rng.choice(INDUSTRIES)}{rng.choice(FORMS)}"
    pick = rng.choice(pool) if pool else ""
    return template.format(county=county, place=place, word=word, pick=pick)


def _short(city: str) -> str:
    """``杭州市`` -> ``杭州``: firms carry the city's name without its rank."""
    for suffix in ("市", "地区", "盟"):
        if city.endswith(suffix) and len(city) > len(suffix) + 1:
            return city[: -len(suffix)]
    return city
