"""Remits of the demo's agencies (一): what governments, their offices and towns publish, the lines every
department shares, and which department name belongs to which remit.

A remit is written compactly: ``subjects`` and a line's own subjects are space-separated; a line is
``category → (weight, forms[, subjects])`` with forms separated by `` | ``. A form is a title template,
optionally prefixed ``主题词=``; without the prefix it must contain ``{s}``, the subject it draws, which is
then its 主题词. Placeholders: ``{org}`` the agency, ``{place}`` its division, ``{y}`` 2020, ``{py}``
2019, ``{m}`` a month, ``{q}`` a quarter, ``{n}`` a serial number, ``{co}`` a firm or institution of the
agency's field (``firms``), ``{person}`` a person's name. ``topics`` gives the 主题分类 of the 主题词
that are not classified under the remit's own ``topic``. Department lines add to the shared ones
(``DEPARTMENT_LINES``): their forms join those of the same category and their weight replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Line = tuple[int, str] | tuple[int, str, str]


@dataclass(frozen=True)
class RemitSpec:
    tag: str  # the remit's own 主题词, written first in every record's 主题词
    topic: str  # 主题分类 (一级\二级, as in publications/data/topics.json)
    subjects: str  # fields of work: notices, 规范性文件 and the records without a subject of their own
    lines: dict[str, Line]
    topics: dict[str, str] = field(default_factory=dict)
    firms: str = ""  # kinds of the firms and institutions it licenses or inspects
    procured: str = ""  # what it buys besides office supplies (第二十条（九）)
    rules: str = ""  # subjects of 规章 (governments of provinces and 设区的市 only)


#: What every department publishes, whatever its field.
DEPARTMENT_LINES: dict[str, Line] = {
    "20-15": (
        25,
        "{org}关于做好{y}年{s}工作的通知 | {org}关于印发{s}工作方案的通知 | {org}关于进一步加强{s}工作的通知"
        " | {org}关于{y}年第{q}季度{s}工作情况的通报 | {org}关于{s}有关事项的通告"
        " | {org}关于报送{y}年{s}工作总结的通知 | {org}关于{y}年{m}月{s}工作进展情况的通报",
    ),
    "20-1": (
        8,
        "{org}关于推进{s}工作的实施意见 | {org}关于做好{s}工作的通知 | {org}关于印发{y}年{s}工作要点的通知",
    ),
    "20-9": (
        6,
        "政府采购={org}{s}采购项目（第{n}批）中标结果公告 | 政府采购={org}{s}采购项目（第{n}批）成交结果公告",
    ),
    "20-14": (1, "公务员录用={org}{y}年考试录用公务员拟录用人员名单公示"),
    "20-8": (1, "行政事业性收费={org}{y}年行政事业性收费项目目录清单"),
}
#: Bought by every agency (第二十条（九）), besides what its remit's ``procured`` adds.
PROCURED = "办公设备 信息化系统运维服务 物业管理服务 印刷服务 网络安全服务 食堂食材配送"
COMPANY_WORDS = "华南 粤海 南方 珠江 岭南 新丰 恒达 远航 启明 德信 鸿运 安泰 嘉禾 明珠"
FIRMS = "建设工程有限公司 食品有限公司 物流有限公司 科技有限公司 贸易有限公司 实业有限公司"
HAZARDS = "暴雨 台风 高温 寒冷 雷雨大风 森林火险 大雾 干旱"

#: 人民政府 of the province, cities and counties, and 功能区管理委员会: general government matters.
GOVERNMENT = RemitSpec(
    "综合政务",
    "综合政务\\其他",
    "优化营商环境 重点民生实事 放管服改革 政务公开 数字政府建设 安全生产 新冠肺炎疫情防控"
    " 粤港澳大湾区建设 乡村振兴 防汛防旱 重大项目建设 稳就业",
    {
        "20-15": (
            30,
            "{org}关于做好{y}年{s}工作的通知 | {org}关于印发{place}{s}工作方案的通知"
            " | {org}关于{y}年第{q}季度{s}工作情况的通报 | 人事任免={org}关于{person}等同志职务任免的通知 | 人事任免={org}关于{person}同志任职的通知"
            " | 政府工作报告={place}{y}年政府工作报告 | 重大行政决策={org}{y}年度重大行政决策事项目录",
        ),
        "20-1": (10, "{org}关于推进{s}工作的实施意见 | {org}关于进一步做好{s}工作的通知"),
        "20-3": (
            4,
            "{place}{s}专项规划（2021—2025年） | 发展规划={place}{py}年国民经济和社会发展计划执行情况与{y}年计划草案的报告"
            " | 发展规划={org}关于{place}国民经济和社会发展第十四个五年规划编制工作的通知",
            "综合交通运输 生态环境保护 教育事业发展 卫生健康事业发展 现代产业体系 养老服务体系 应急体系建设",
        ),
        "20-7": (
            3,
            "财政预决算={place}{py}年预算执行情况和{y}年预算草案的报告 | 财政预决算={place}{py}年财政决算"
            " | 政府债务={place}{y}年政府债务限额及余额情况",
        ),
        "20-4": (
            6,
            "{place}{y}年{m}月{s}情况",
            "国民经济主要指标 规模以上工业生产 固定资产投资 社会消费品零售总额 居民消费价格",
        ),
        "20-10": (
            6,
            "{place}{s}批准情况 | {place}{y}年第{q}季度{s}实施进展情况 | {place}{s}竣工验收情况",
            "道路改造工程 污水处理厂扩建工程 中小学校建设工程 人民医院综合楼 防洪排涝工程 产业园区基础设施",
        ),
        "20-11": (
            10,
            "重点民生实事={place}{y}年十件民生实事第{q}季度进展情况 | {place}{y}年第{q}季度{s}工作实施情况",
            "基本公共服务均等化 脱贫攻坚 稳就业 乡村振兴",
        ),
        "20-12": (
            6,
            "应急管理={place}{y}年{m}月{s}防御工作情况 | 应急管理={place}{y}年第{n}号{s}预警信息"
            " | 应急管理={place}突发事件总体应急预案",
            HAZARDS,
        ),
        "20-13": (
            3,
            "安全生产={place}{y}年{m}月安全生产大检查情况通报 | 安全生产={place}{y}年第{q}季度安全生产形势分析",
        ),
        "20-14": (1, "公务员录用={org}{y}年考试录用公务员拟录用人员名单公示"),
        "20-9": (
            4,
            "政府采购={org}{s}采购项目（第{n}批）中标结果公告 | 政府采购={org}{s}采购项目（第{n}批）成交结果公告",
        ),
        # 第二十一条 (设区的市级、县级人民政府): no province-level records (see remits.py).
        "21c-1": (2, "市政建设={place}市政建设情况公示（{y}年第{q}季度）"),
        "21c-2": (2, "公共服务={place}公共服务情况公示（{y}年第{q}季度）"),
        "21c-4": (2, "土地征收={place}土地征收情况公示（{y}年第{q}季度）"),
        "21c-7": (2, "社会救助={place}社会救助情况公示（{y}年第{q}季度）"),
    },
    topics={
        "政务公开": "综合政务\\政务公开",
        "应急管理": "综合政务\\应急管理",
        "财政预决算": "财政、金融、审计\\其他",
        "政府债务": "财政、金融、审计\\其他",
        "政府采购": "财政、金融、审计\\其他",
        "脱贫攻坚": "民政、扶贫、救灾\\扶贫",
        "社会救助": "民政、扶贫、救灾\\其他",
        "土地征收": "城乡建设、环境保护\\城市规划",
        "市政建设": "城乡建设、环境保护\\其他",
        "城市市容和环境卫生管理": "城乡建设、环境保护\\其他",
        "生活垃圾分类管理": "城乡建设、环境保护\\其他",
        "历史文化街区保护": "城乡建设、环境保护\\城市规划",
    },
    procured="公务用车 会议服务",
    rules="重大行政决策程序 行政规范性文件管理 政府信息公开 城市市容和环境卫生管理 物业管理 养犬管理"
    " 城市供水管理 地下管线管理 生活垃圾分类管理 电梯安全管理 历史文化街区保护 政府投资项目管理",
)

#: 办公厅/办公室 of a government: the government's business, plus 政务公开 and 督查 of their own.
OFFICE = RemitSpec(
    GOVERNMENT.tag,
    GOVERNMENT.topic,
    GOVERNMENT.subjects,
    {
        **GOVERNMENT.lines,
        "20-15": (
            30,
            "{org}关于做好{y}年{s}工作的通知 | {org}关于{y}年第{q}季度{s}工作情况的通报"
            " | 政务督查={org}关于{s}工作第{n}期督查情况的通报"
            " | 政务公开={org}关于印发{place}{y}年政务公开工作要点的通知"
            " | 政务公开={org}{py}年政府信息公开工作年度报告 | 重大行政决策={org}{y}年度重大行政决策事项目录",
        ),
    },
    topics={**GOVERNMENT.topics, "政务督查": "综合政务\\政务督查"},
    procured=GOVERNMENT.procured,
)

#: 镇/乡人民政府 and 街道办事处: 基层政务公开 (第二十一条 for the towns' governments only).
TOWN = RemitSpec(
    "基层政务",
    "综合政务\\其他",
    "农村人居环境整治 乡村振兴 防汛防旱 森林防火 生活垃圾分类 安全生产 新冠肺炎疫情防控 基层治理 社会救助",
    {
        "20-15": (
            30,
            "{org}关于做好{y}年{s}工作的通知 | {org}关于{y}年第{q}季度{s}工作情况的通报"
            " | {org}关于印发{s}工作方案的通知",
        ),
        "20-11": (
            10,
            "{org}{y}年{m}月{s}发放情况公示",
            "城乡最低生活保障金 特困人员救助供养金 高龄津贴 残疾人两项补贴 临时救助金 耕地地力保护补贴",
        ),
        "20-12": (
            5,
            "应急管理={org}{y}年{m}月{s}防御工作情况 | 应急管理={org}{y}年第{n}号{s}预警信息",
            HAZARDS,
        ),
        "21t-1": (3, "贯彻落实农业农村政策={org}贯彻落实农业农村政策情况公示（{y}年第{q}季度）"),
        "21t-2": (3, "农田水利工程建设运营={org}农田水利工程建设运营情况公示（{y}年第{q}季度）"),
        "21t-5": (3, "土地征收={org}土地征收情况公示（{y}年第{q}季度）"),
        "21t-8": (3, "社会救助={org}社会救助情况公示（{y}年第{q}季度）"),
    },
    topics={
        "应急管理": "综合政务\\应急管理",
        "乡村振兴": "民政、扶贫、救灾\\扶贫",
        "社会救助": "民政、扶贫、救灾\\其他",
        "城乡最低生活保障金": "民政、扶贫、救灾\\其他",
        "特困人员救助供养金": "民政、扶贫、救灾\\其他",
        "高龄津贴": "民政、扶贫、救灾\\其他",
        "残疾人两项补贴": "民政、扶贫、救灾\\其他",
        "临时救助金": "民政、扶贫、救灾\\其他",
        "耕地地力保护补贴": "农业、林业、水利\\农业、畜牧业、渔业",
        "贯彻落实农业农村政策": "农业、林业、水利\\农业、畜牧业、渔业",
        "农田水利工程建设运营": "农业、林业、水利\\其他",
        "土地征收": "城乡建设、环境保护\\城市规划",
    },
)

#: A department whose name says nothing of its field (none in the guangdong-2020 profile).
FALLBACK = RemitSpec("综合政务", "综合政务\\其他", "机关党建 政务公开 作风建设 保密工作 安全生产", {})

#: Fragment of a department's name → the tag of its remit, first match wins (so 人民政府国有资产监督管理
#: 委员会 is 国资 before anything else, and 药品监督管理局 is not 市场监管).
DEPARTMENT_KEYS: tuple[tuple[str, str], ...] = (
    ("国有资产", "国有资产监管"),
    ("港澳", "港澳事务"),
    ("研究室", "政策研究"),
    ("参事室", "政策研究"),
    ("发展研究", "政策研究"),
    ("发展和改革", "发展改革"),
    ("经济发展", "发展改革"),
    ("能源", "发展改革"),
    ("教育", "教育"),
    ("科学技术", "科技"),
    ("工业和信息化", "工业和信息化"),
    ("民族宗教", "民族宗教"),
    ("公安", "公安"),
    ("民政", "民政"),
    ("社会事务", "民政"),
    ("司法", "司法行政"),
    ("监狱", "司法行政"),
    ("戒毒", "司法行政"),
    ("财政", "财政"),
    ("人力资源", "人力资源社会保障"),
    ("自然资源", "自然资源"),
    ("地质", "地质勘查"),
    ("生态环境", "生态环境"),
    ("住房", "住房城乡建设"),
    ("规划建设", "住房城乡建设"),
    ("代建", "住房城乡建设"),
    ("交通", "交通运输"),
    ("水利", "水务"),
    ("水务", "水务"),
    ("农业", "农业农村"),
    ("海洋与渔业", "农业农村"),
    ("供销", "农业农村"),
    ("商务", "商务"),
    ("文化", "文化旅游体育"),
    ("广播电视", "文化旅游体育"),
    ("体育", "文化旅游体育"),
    ("卫生", "卫生健康"),
    ("中医药", "卫生健康"),
    ("退役军人", "退役军人事务"),
    ("应急", "应急管理"),
    ("安全生产", "应急管理"),
    ("审计", "审计"),
    ("外事", "外事"),
    ("市场监督", "市场监管"),
    ("知识产权", "市场监管"),
    ("药品", "药品监管"),
    ("统计", "统计"),
    ("医疗保障", "医疗保障"),
    ("林业", "林业"),
    ("城市管理", "城市管理"),
    ("综合行政执法", "城市管理"),
    ("政务服务", "政务服务"),
    ("信访", "信访"),
    ("金融", "金融"),
    ("人民防空", "人民防空"),
    ("机关事务", "机关事务"),
    ("粮食", "粮食和物资储备"),
    ("气象", "气象"),
)
