"""Reference data for the Guangdong-like demo province (profile ``guangdong-2020``).

Prefecture and county-level divisions are the real GB/T 2260 ones in force in 2020 (122 county-level
divisions). The seed report (../shared/seed/000_7ba4a89800fca835.txt) counts 147 县(市、区), so 25
功能区 (development zones that do disclosure work at county level) are added with 统计用区划代码-style
codes in the 71–79 range, which GB/T 2260 leaves unused. Towns and streets are generated (see towns.py).
"""

from __future__ import annotations

from typing import NamedTuple


class City(NamedTuple):
    code: str
    name: str
    domain: str  # website domain stem, e.g. "gz" → www.gz.gov.cn
    area_code: str  # telephone area code
    postcode: str


class County(NamedTuple):
    code: str
    name: str
    kind: str  # Division.Kind value


PROVINCE_CODE = "440000"
PROVINCE_NAME = "广东省"
PROVINCE_DOMAIN = "gd"

CITIES: tuple[City, ...] = (
    City("440100", "广州市", "gz", "020", "510000"),
    City("440200", "韶关市", "sg", "0751", "512000"),
    City("440300", "深圳市", "sz", "0755", "518000"),
    City("440400", "珠海市", "zhuhai", "0756", "519000"),
    City("440500", "汕头市", "shantou", "0754", "515000"),
    City("440600", "佛山市", "foshan", "0757", "528000"),
    City("440700", "江门市", "jiangmen", "0750", "529000"),
    City("440800", "湛江市", "zhanjiang", "0759", "524000"),
    City("440900", "茂名市", "maoming", "0668", "525000"),
    City("441200", "肇庆市", "zhaoqing", "0758", "526000"),
    City("441300", "惠州市", "huizhou", "0752", "516000"),
    City("441400", "梅州市", "meizhou", "0753", "514000"),
    City("441500", "汕尾市", "shanwei", "0660", "516600"),
    City("441600", "河源市", "heyuan", "0762", "517000"),
    City("441700", "阳江市", "yangjiang", "0662", "529500"),
    City("441800", "清远市", "gdqy", "0763", "511500"),
    City("441900", "东莞市", "dg", "0769", "523000"),
    City("442000", "中山市", "zs", "0760", "528400"),
    City("445100", "潮州市", "chaozhou", "0768", "521000"),
    City("445200", "揭阳市", "jieyang", "0663", "522000"),
    City("445300", "云浮市", "yunfu", "0766", "527300"),
)

#: Prefecture-level cities without districts: their towns and streets sit directly under the city.
CITIES_WITHOUT_DISTRICTS = frozenset({"441900", "442000"})

D, C, AC, CC, FZ = "district", "county", "autonomous_county", "county_city", "functional_zone"


def _counties(spec: str, kind_by_suffix: dict[str, str] | None = None) -> tuple[County, ...]:
    result = []
    for item in spec.split():
        code, name = item[:6], item[6:]
        if name.endswith("自治县"):
            kind = AC
        elif name.endswith("区") and not code[4:].startswith("7"):
            kind = D
        elif name.endswith("县"):
            kind = C
        elif name.endswith("市"):
            kind = CC
        else:
            kind = FZ
        if code[4] == "7":
            kind = FZ
        result.append(County(code, name, kind))
    return tuple(result)


COUNTIES: dict[str, tuple[County, ...]] = {
    "440100": _counties(
        "440103荔湾区 440104越秀区 440105海珠区 440106天河区 440111白云区 440112黄埔区 440113番禺区 "
        "440114花都区 440115南沙区 440117从化区 440118增城区"
    ),
    "440200": _counties(
        "440203武江区 440204浈江区 440205曲江区 440222始兴县 440224仁化县 440229翁源县 440232乳源瑶族自治县 "
        "440233新丰县 440281乐昌市 440282南雄市"
    ),
    "440300": _counties(
        "440303罗湖区 440304福田区 440305南山区 440306宝安区 440307龙岗区 440308盐田区 440309龙华区 "
        "440310坪山区 440311光明区 440371大鹏新区 440372深汕特别合作区"
    ),
    "440400": _counties(
        "440402香洲区 440403斗门区 440404金湾区 440471横琴新区 440472高新技术产业开发区 440473高栏港经济区 "
        "440474万山海洋开发试验区"
    ),
    "440500": _counties(
        "440507龙湖区 440511金平区 440512濠江区 440513潮阳区 440514潮南区 440515澄海区 440523南澳县"
    ),
    "440600": _counties("440604禅城区 440605南海区 440606顺德区 440607三水区 440608高明区"),
    "440700": _counties(
        "440703蓬江区 440704江海区 440705新会区 440781台山市 440783开平市 440784鹤山市 440785恩平市"
    ),
    "440800": _counties(
        "440802赤坎区 440803霞山区 440804坡头区 440811麻章区 440823遂溪县 440825徐闻县 440881廉江市 "
        "440882雷州市 440883吴川市 440871经济技术开发区 440872奋勇高新技术产业开发区"
    ),
    "440900": _counties(
        "440902茂南区 440904电白区 440981高州市 440982化州市 440983信宜市 440971滨海新区 440972高新技术产业开发区"
    ),
    "441200": _counties(
        "441202端州区 441203鼎湖区 441204高要区 441223广宁县 441224怀集县 441225封开县 441226德庆县 441284四会市 "
        "441271高新技术产业开发区"
    ),
    "441300": _counties(
        "441302惠城区 441303惠阳区 441322博罗县 441323惠东县 441324龙门县 441371大亚湾经济技术开发区 441372仲恺高新技术产业开发区"
    ),
    "441400": _counties(
        "441402梅江区 441403梅县区 441422大埔县 441423丰顺县 441424五华县 441426平远县 441427蕉岭县 441481兴宁市 "
        "441471高新技术产业园区"
    ),
    "441500": _counties(
        "441502城区 441521海丰县 441523陆河县 441581陆丰市 441571红海湾经济开发区 441572华侨管理区"
    ),
    "441600": _counties(
        "441602源城区 441621紫金县 441622龙川县 441623连平县 441624和平县 441625东源县 441671江东新区 441672高新技术开发区"
    ),
    "441700": _counties(
        "441702江城区 441704阳东区 441721阳西县 441781阳春市 441771海陵岛经济开发试验区 441772高新技术产业开发区"
    ),
    "441800": _counties(
        "441802清城区 441803清新区 441821佛冈县 441823阳山县 441825连山壮族瑶族自治县 441826连南瑶族自治县 "
        "441881英德市 441882连州市 441871高新技术产业开发区"
    ),
    "441900": (),
    "442000": (),
    "445100": _counties("445102湘桥区 445103潮安区 445122饶平县 445171枫溪区"),
    "445200": _counties(
        "445202榕城区 445203揭东区 445222揭西县 445224惠来县 445281普宁市 445271空港经济区 445272大南海石化工业区 445273产业转移工业园"
    ),
    "445300": _counties("445302云城区 445303云安区 445321新兴县 445322郁南县 445381罗定市"),
}

#: Towns and streets of the two cities without districts (real names, 2020).
DIRECT_TOWNS: dict[str, tuple[str, ...]] = {
    "441900": tuple(
        [
            "莞城街道",
            "南城街道",
            "东城街道",
            "万江街道",
            "石碣镇",
            "石龙镇",
            "茶山镇",
            "石排镇",
            "企石镇",
            "横沥镇",
            "桥头镇",
            "谢岗镇",
            "东坑镇",
            "常平镇",
            "寮步镇",
            "樟木头镇",
            "大朗镇",
            "黄江镇",
            "清溪镇",
            "塘厦镇",
            "凤岗镇",
            "大岭山镇",
            "长安镇",
            "虎门镇",
            "厚街镇",
            "沙田镇",
            "道滘镇",
            "洪梅镇",
            "麻涌镇",
            "望牛墩镇",
            "中堂镇",
            "高埗镇",
        ]
    ),
    "442000": tuple(
        [
            "石岐街道",
            "东区街道",
            "西区街道",
            "南区街道",
            "五桂山街道",
            "火炬开发区街道",
            "黄圃镇",
            "南头镇",
            "东凤镇",
            "阜沙镇",
            "小榄镇",
            "古镇镇",
            "横栏镇",
            "三角镇",
            "民众镇",
            "南朗镇",
            "港口镇",
            "大涌镇",
            "沙溪镇",
            "三乡镇",
            "板芙镇",
            "神湾镇",
            "坦洲镇",
        ]
    ),
}

#: The seed's figures for the whole province.
EXPECTED = {"province": 1, "prefecture": 21, "county": 147, "town": 1635}

# ---------------------------------------------------------------------------- agencies
# (name, short name) of provincial departments; names follow the 2018 institutional reform.
PROVINCIAL_DEPARTMENTS: tuple[str, ...] = tuple(
    [
        "发展和改革委员会",
        "教育厅",
        "科学技术厅",
        "工业和信息化厅",
        "民族宗教事务委员会",
        "公安厅",
        "民政厅",
        "司法厅",
        "财政厅",
        "人力资源和社会保障厅",
        "自然资源厅",
        "生态环境厅",
        "住房和城乡建设厅",
        "交通运输厅",
        "水利厅",
        "农业农村厅",
        "商务厅",
        "文化和旅游厅",
        "卫生健康委员会",
        "退役军人事务厅",
        "应急管理厅",
        "审计厅",
        "外事办公室",
        "人民政府国有资产监督管理委员会",
        "市场监督管理局",
        "广播电视局",
        "体育局",
        "统计局",
        "医疗保障局",
        "人民政府港澳事务办公室",
        "人民政府研究室",
        "地方金融监督管理局",
        "政务服务数据管理局",
        "信访局",
        "能源局",
        "林业局",
        "粮食和物资储备局",
        "监狱管理局",
        "戒毒管理局",
        "药品监督管理局",
        "知识产权局",
        "中医药局",
        "人民防空办公室",
        "机关事务管理局",
        "代建项目管理局",
        "地质局",
        "核工业地质局",
        "有色金属地质局",
        "冶金地质局",
        "煤炭地质局",
        "海洋与渔业厅",
        "人民政府参事室",
        "人民政府发展研究中心",
        "供销合作联社",
        "气象局",
    ]
)
#: Vertically managed (垂直管理) offices that still do disclosure work in the province.
PROVINCIAL_VERTICAL = frozenset({"气象局"})

CITY_DEPARTMENTS: tuple[str, ...] = tuple(
    [
        "发展和改革局",
        "教育局",
        "科学技术局",
        "工业和信息化局",
        "民族宗教事务局",
        "公安局",
        "民政局",
        "司法局",
        "财政局",
        "人力资源和社会保障局",
        "自然资源局",
        "生态环境局",
        "住房和城乡建设局",
        "交通运输局",
        "水务局",
        "农业农村局",
        "商务局",
        "文化广电旅游体育局",
        "卫生健康局",
        "退役军人事务局",
        "应急管理局",
        "审计局",
        "外事局",
        "人民政府国有资产监督管理委员会",
        "市场监督管理局",
        "统计局",
        "医疗保障局",
        "林业局",
        "城市管理和综合执法局",
        "政务服务数据管理局",
        "信访局",
        "金融工作局",
        "人民政府研究室",
        "人民防空办公室",
        "机关事务管理局",
    ]
)
#: Departments every city has (the rest vary from city to city).
CITY_CORE = frozenset(CITY_DEPARTMENTS[:27])

COUNTY_DEPARTMENTS: tuple[str, ...] = tuple(
    [
        "发展和改革局",
        "教育局",
        "科学技术局",
        "工业和信息化局",
        "民政局",
        "司法局",
        "财政局",
        "人力资源和社会保障局",
        "住房和城乡建设局",
        "交通运输局",
        "水务局",
        "农业农村局",
        "商务局",
        "文化广电旅游体育局",
        "卫生健康局",
        "退役军人事务局",
        "应急管理局",
        "审计局",
        "市场监督管理局",
        "统计局",
        "医疗保障局",
        "城市管理和综合执法局",
        "政务服务数据管理局",
        "信访局",
    ]
)
COUNTY_CORE = frozenset(COUNTY_DEPARTMENTS[:20])

ZONE_DEPARTMENTS: tuple[str, ...] = (
    "经济发展局",
    "社会事务局",
    "规划建设局",
    "财政局",
    "综合行政执法局",
    "安全生产监督管理局",
)
