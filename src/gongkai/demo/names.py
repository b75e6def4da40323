"""Deterministic generators of realistic Chinese names (people, places, roads)."""

from __future__ import annotations

import random

# Surnames weighted roughly as in Guangdong (陈、李、黄、张、梁、林 … are the most frequent there).
_SURNAMES = (
    "陈" * 14
    + "李" * 10
    + "黄" * 9
    + "张" * 8
    + "梁" * 6
    + "林" * 6
    + "刘" * 6
    + "吴" * 5
    + "罗" * 4
    + "杨" * 4
    + "何" * 4
    + "郑" * 4
    + "王" * 4
    + "周" * 3
    + "谢" * 3
    + "钟" * 3
    + "曾" * 3
    + "朱" * 2
    + "邓" * 2
    + "冯" * 2
    + "蔡" * 2
    + "许" * 2
    + "叶" * 2
    + "彭" * 2
    + "卢" * 2
    + "余" * 2
    + "潘" * 2
    + "苏" * 2
    + "赖" * 2
    + "胡" * 2
    + "郭徐孙马高廖方温邱庄江莫欧姚严韦古詹官汤凌麦区关骆植谭柯邹丘翁巫"
)
_GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲兰彬斌宇浩凯健俊帆帅旭宁龙林欣滨佳嘉宏志文"
    "海波辉晓丹婷雪琳晶颖慧琪瑶怡倩梓轩睿鹏家乐思源诗雅锦荣坤昌德良永雄彩燕振国建新"
)

_PLACE_FIRST = (
    "东西南北中新石龙凤金银沙白黄青长大小上下横水河江湖塘岗坑埔头田禾梅桃竹松柏云山城古仁和平安福兴广富隆丰"
)
_PLACE_SECOND = "湖岗塘坑头田洲沙江山岭坪村围溪源洞圩埠湾口桥坝园林冈滘涌岸埔陂"
_ROADS = (
    "府前路",
    "人民路",
    "中山路",
    "解放路",
    "东风路",
    "迎宾大道",
    "建设路",
    "文明路",
    "新华路",
    "环城路",
    "政府路",
    "兴华路",
    "府西路",
    "行政中心路",
    "滨江路",
    "公园路",
)


def person_name(rng: random.Random) -> str:
    surname = rng.choice(_SURNAMES)
    given = rng.choice(_GIVEN) + (rng.choice(_GIVEN) if rng.random() < 0.72 else "")
    return surname + given


def place_name(rng: random.Random, taken: set[str]) -> str:
    """A two-character place name not in ``taken`` (which it updates)."""
    for _ in range(200):
        name = rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND)
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("place-name pool exhausted")


def road(rng: random.Random) -> str:
    return f"{rng.choice(_ROADS)}{rng.randint(1, 320)}号"
