"""第二十六条 “另有规定”: publication deadlines per 第二十条 category (seeded: 第二十六条's 20 working days,
预算法第十四条's 20 days from the 批复, 双公示's 7 working days from the decision), and the 批复 and decision
dates of records they count from."""

import django.core.validators
from django.db import migrations, models


def seed(apps, schema_editor):
    from gongkai.publications import reference

    reference.seed_deadline_rules(apps.get_model("publications", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0003_co_issue"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="approved_on",
            field=models.DateField(
                blank=True,
                help_text="部门预算、决算填财政部门批复之日（政府预算、决算填本级人大批准之日）；预算法第十四条的20日从此日起算，发布预决算信息时必填",
                null=True,
                verbose_name="批复日期",
            ),
        ),
        migrations.AddField(
            model_name="publication",
            name="decided_on",
            field=models.DateField(
                blank=True,
                help_text="公开行政许可、行政处罚决定时填写作出决定之日；“双公示”的7个工作日从此日起算",
                null=True,
                verbose_name="决定日期",
            ),
        ),
        migrations.AlterField(
            model_name="publication",
            name="published_late",
            field=models.BooleanField(
                default=False,
                help_text="发布时按当时的期限规则记录；及时性统计按现行期限规则重新计算",
                verbose_name="发布时已超过公开期限",
            ),
        ),
        migrations.CreateModel(
            name="DeadlineRule",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "category",
                    models.CharField(
                        choices=[
                            ("*", "其他各类（无另有规定的）"),
                            ("20-1", "（一）行政法规、规章和规范性文件"),
                            ("20-2", "（二）机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名"),
                            ("20-3", "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策"),
                            ("20-4", "（四）国民经济和社会发展统计信息"),
                            (
                                "20-5",
                                "（五）办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
                            ),
                            (
                                "20-6",
                                "（六）实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
                            ),
                            ("20-7", "（七）财政预算、决算信息"),
                            ("20-8", "（八）行政事业性收费项目及其依据、标准"),
                            ("20-9", "（九）政府集中采购项目的目录、标准及实施情况"),
                            ("20-10", "（十）重大建设项目的批准和实施情况"),
                            (
                                "20-11",
                                "（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
                            ),
                            ("20-12", "（十二）突发公共事件的应急预案、预警信息及应对情况"),
                            (
                                "20-13",
                                "（十三）环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
                            ),
                            ("20-14", "（十四）公务员招考的职位、名额、报考条件等事项以及录用结果"),
                            ("20-15", "（十五）法律、法规、规章和国家有关规定应当主动公开的其他政府信息"),
                            ("21c-1", "第二十一条·市政建设"),
                            ("21c-2", "第二十一条·公共服务"),
                            ("21c-3", "第二十一条·公益事业"),
                            ("21c-4", "第二十一条·土地征收"),
                            ("21c-5", "第二十一条·房屋征收"),
                            ("21c-6", "第二十一条·治安管理"),
                            ("21c-7", "第二十一条·社会救助"),
                            ("21t-1", "第二十一条（乡镇）·贯彻落实农业农村政策"),
                            ("21t-2", "第二十一条（乡镇）·农田水利工程建设运营"),
                            ("21t-3", "第二十一条（乡镇）·农村土地承包经营权流转"),
                            ("21t-4", "第二十一条（乡镇）·宅基地使用情况审核"),
                            ("21t-5", "第二十一条（乡镇）·土地征收"),
                            ("21t-6", "第二十一条（乡镇）·房屋征收"),
                            ("21t-7", "第二十一条（乡镇）·筹资筹劳"),
                            ("21t-8", "第二十一条（乡镇）·社会救助"),
                        ],
                        max_length=8,
                        unique=True,
                        verbose_name="主动公开类别",
                    ),
                ),
                (
                    "unit",
                    models.CharField(
                        choices=[("working", "工作日"), ("calendar", "日（自然日）")],
                        default="working",
                        max_length=8,
                        verbose_name="计算单位",
                    ),
                ),
                (
                    "length",
                    models.PositiveSmallIntegerField(
                        default=20,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(365),
                        ],
                        verbose_name="期限",
                    ),
                ),
                (
                    "start_event",
                    models.CharField(
                        choices=[
                            ("formed", "形成或者变更之日"),
                            ("approved", "批复之日"),
                            ("decided", "决定之日"),
                        ],
                        default="formed",
                        max_length=8,
                        verbose_name="起算事件",
                    ),
                ),
                (
                    "basis",
                    models.CharField(
                        help_text="法律、法规的名称和条文；惯例做法请注明",
                        max_length=500,
                        verbose_name="依据",
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={
                "verbose_name": "主动公开期限",
                "verbose_name_plural": "主动公开期限",
                "ordering": ["pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("length__gte", 1), ("length__lte", 365)),
                        name="pub_deadline_length_range",
                    )
                ],
            },
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
