"""Templates of the generated 规章 and 规范性文件 titles and of every record's body — deterministic given
the step's PRNG. Sentences are the stock phrases of Chinese government notices, combined per subject; what
each agency writes about comes from its remit (remits.py)."""

from __future__ import annotations

import random

#: Subjects are fields of work (殡葬管理, 大气污染防治, 义务教育招生入学 …): the forms read well with any.
NORMATIVE_FORMS = [
    "关于印发{place}{s}实施办法的通知",
    "关于印发{place}{s}实施细则的通知",
    "{place}{s}若干规定",
    "关于进一步规范{s}工作的若干措施",
    "关于印发{place}{s}专项资金管理办法的通知",
    "关于加强{s}工作的实施意见",
]
RULE_FORMS = ["{place}{s}规定", "{place}{s}办法", "{place}{s}若干规定", "{place}{s}实施办法"]

OPENINGS = [
    "为深入贯彻落实党中央、国务院和省委、省政府决策部署，{goal}，结合本地实际，现就有关事项通知如下。",
    "根据《中华人民共和国政府信息公开条例》和上级有关工作要求，{goal}，现将有关情况公布如下。",
    "为{goal}，经研究，决定开展相关工作。现将有关事项通知如下。",
]
GOALS = [
    "进一步优化营商环境",
    "切实保障和改善民生",
    "推动高质量发展",
    "提高行政效能",
    "规范行政权力运行",
    "加强事中事后监管",
    "保障人民群众生命财产安全",
    "提升政务服务水平",
]
POINTS = [
    "各地、各部门要提高政治站位，把{s}工作摆在重要位置，主要负责同志亲自抓，分管负责同志具体抓。",
    "要坚持问题导向，聚焦{s}中的重点难点问题，细化工作措施，明确责任分工和完成时限。",
    "要加强统筹协调，建立健全{s}工作协调机制，及时研究解决工作中遇到的困难和问题。",
    "要强化督促检查，对{s}工作落实情况开展跟踪督办，确保各项任务落到实处。",
    "要加强政策宣传解读，通过政府网站、政务新媒体等渠道及时发布{s}相关信息，回应社会关切。",
    "要严格落实安全生产责任制，做好{s}期间的风险排查和应急处置工作。",
]
CLOSINGS = [
    "工作中遇到的问题，请及时与{agency}联系。",
    "本通知自印发之日起施行。",
    "特此公告。",
    "请认真贯彻执行。",
]


def body(rng: random.Random, subject: str, agency: str, points: int = 3) -> str:
    goal = rng.choice(GOALS)
    paras = [rng.choice(OPENINGS).format(goal=goal)]
    chosen = rng.sample(POINTS, k=min(points, len(POINTS)))
    numerals = "一二三四五六"
    paras += [f"{numerals[i]}、{p.format(s=subject)}" for i, p in enumerate(chosen)]
    paras.append(rng.choice(CLOSINGS).format(agency=agency))
    return "".join(f"<p>{p}</p>" for p in paras)
