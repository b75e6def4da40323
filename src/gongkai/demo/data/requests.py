"""Templates for realistic request texts (申请公开的政府信息的名称、文号或特征性描述), by agency domain."""

from __future__ import annotations

#: Keyword in the agency name → request templates. {place}: a town or district; {year}: a year; {no}: a number.
BY_DOMAIN: dict[str, tuple[str, ...]] = {
    "自然资源": (
        "{place}{no}号地块土地征收的批准文件及征地补偿安置方案",
        "{year}年{place}集体土地征收的“一书四方案”",
        "{place}国有建设用地使用权出让合同（地块编号{no}）",
        "{place}村土地利用总体规划图及调整审批文件",
    ),
    "住房和城乡建设": (
        "{place}旧城改造项目（{no}号）房屋征收决定及补偿方案",
        "{place}某小区建设工程竣工验收备案表",
        "{year}年{place}保障性住房分配名单及审核依据",
        "{place}在建商品房项目预售许可证及预售资金监管账户信息",
    ),
    "公安": (
        "{year}年{place}道路交通事故统计数据",
        "{place}派出所办理户口迁移的审批依据和流程",
        "{year}年{place}电动自行车登记上牌的政策文件",
    ),
    "人力资源和社会保障": (
        "{year}年度{place}最低工资标准调整的相关文件",
        "{place}某公司{year}年社会保险缴费基数核定依据",
        "{year}年{place}事业单位公开招聘的岗位及录用结果",
    ),
    "市场监督管理": (
        "{year}年{place}食品安全监督抽检结果",
        "对某公司作出的行政处罚决定书（编号{no}）",
        "{place}农贸市场价格监测数据（{year}年）",
    ),
    "生态环境": (
        "{place}某建设项目环境影响评价报告书及批复",
        "{year}年{place}重点排污单位名录及监测数据",
        "{place}河涌水质监测报告（{year}年第{no}期）",
    ),
    "教育": (
        "{year}年{place}义务教育学校招生计划及学位分配方案",
        "{place}某中学{year}年度部门预算和决算",
        "{year}年{place}民办学校办学许可审批情况",
    ),
    "卫生健康": (
        "{year}年{place}新冠肺炎疫情防控物资采购情况",
        "{place}某医院{year}年医疗服务收费标准",
        "{year}年{place}基本公共卫生服务项目资金使用情况",
    ),
    "交通运输": (
        "{place}某道路改扩建工程的立项批复及施工许可",
        "{year}年{place}公交线路调整的决策依据",
    ),
    "财政": (
        "{year}年{place}“三公”经费预算及执行情况",
        "{year}年{place}政府采购项目（项目编号{no}）的中标结果",
    ),
    "农业农村": (
        "{year}年{place}耕地地力保护补贴发放名单及标准",
        "{place}村农村土地承包经营权确权登记资料",
    ),
    "水务": ("{place}河道整治工程的立项及资金使用情况", "{year}年{place}供水水质检测报告"),
    "民政": ("{year}年{place}最低生活保障对象名单及标准", "{place}某养老机构设立许可及年检情况"),
}

GENERIC: tuple[str, ...] = (
    "{year}年度本机关部门预算、决算及“三公”经费情况",
    "{place}某项目的审批文件（文号{no}）",
    "{year}年{place}政府工作报告所列重点项目的进展情况",
    "本机关{year}年发布的规范性文件目录",
    "{place}村（社区）{year}年集体资金使用情况",
    "{year}年{place}突发事件应急预案",
    "关于{place}某问题的处理意见及依据",
)

TOWN: tuple[str, ...] = (
    "{place}{year}年村级财务收支情况",
    "{place}宅基地使用审批情况（{year}年）",
    "{place}{year}年涉农补贴资金发放名单",
    "{place}某村土地承包经营权流转情况",
    "{place}{year}年社会救助对象名单",
)
