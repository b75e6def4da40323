"""Every change to 主动公开 records: transactional, permission-checked, audited, and announced to search."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import nh3
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gongkai.core import clock, hooks, uploads
from gongkai.core.audit import audit_record
from gongkai.core.context import Actor
from gongkai.core.counters import next_serial
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.core.files import delete_after_commit, save_after_commit
from gongkai.orgs import access as org_access
from gongkai.orgs.models import Agency
from gongkai.publications import access, co_issues, reference, scan, selectors, timeliness
from gongkai.publications.models import (
    GENRES,
    CatalogueEntry,
    DeadlineRule,
    DocKind,
    GrassrootsDomain,
    IndexCounter,
    Interpretation,
    Publication,
    PublicationAttachment,
    PublicationEvent,
    PublicationVersion,
    ScanFlag,
    Topic,
    Validity,
)
from gongkai.publications.states import Status, ensure_transition

#: 发文字号: 机关代字〔年份〕序号号. Other brackets are normalised to 六角括号;
#: 序号不编虚位 (GB/T 9704 7.2.4).
_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fffA-Za-z]{1,20})[〔\[［(（](?P<year>\d{4})[〕\]］)）](?P<n>\d{1,6})号$"
)
_ORDER_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,40}令第[1-9]\d{0,4}号$")
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ol", "ul", "li", "table", "thead", "tbody",
    "tr", "th", "td", "a", "blockquote", "sub", "sup", "span", "div",
}  # fmt: skip
ATTACHMENT_MAX_FILES = 20
CO_AGENCIES_MAX = 20
MAX_ID = 2**63 - 1  # the largest primary key (64-bit) on both databases
_TEXT_FIELDS = (
    "title", "kind", "genre", "category", "doc_number", "summary", "body", "keywords", "supersedes_as",
)  # fmt: skip
ATTACHMENT_MAX_MB = 50
CONTENT_TYPE = "publication"
INTERPRETATION_CONTENT_TYPE = "interpretation"


@dataclass
class PublicationInput:
    """What an author fills in; validated as a whole so every bad field is named at once."""

    title: str
    written_on: date | None
    kind: str = DocKind.OTHER
    genre: str = "通知"
    category: str = "20-15"
    doc_number: str = ""
    topic_id: int | None = None
    summary: str = ""
    body: str = ""
    keywords: str = ""
    needs_interpretation: bool = False
    effective_on: date | None = None
    changed_on: date | None = None
    approved_on: date | None = None
    decided_on: date | None = None
    co_agency_ids: list[int] = field(default_factory=list)
    supersedes_id: int | None = None
    supersedes_as: str = ""


def normalize_doc_number(value: str) -> str:
    """``粤府[2020]1号`` → ``粤府〔2020〕1号``; InvalidInput naming 发文字号 when it is not one."""
    value = re.sub(r"\s+", "", value)
    if not value:
        return ""
    if _ORDER_NUMBER.match(value):  # 规章 are promulgated by 令: 广东省人民政府令第270号
        return value
    m = _DOC_NUMBER.match(value)
    if not m:
        raise InvalidInput.for_field(
            "doc_number", "发文字号格式应为“机关代字〔年份〕序号号”，如：粤府〔2020〕1号"
        )
    if m["n"].startswith("0"):
        raise InvalidInput.for_field("doc_number", "发文字号的序号不编虚位（如1不编为01）")
    return f"{m['prefix']}〔{m['year']}〕{m['n']}号"


def sanitize_body(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={
            "a": {"href", "title"},
            "td": {"colspan", "rowspan"},
            "th": {"colspan", "rowspan", "scope"},
        },
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _is_id(value: int) -> bool:
    """A value a primary key can hold (a larger number is no record, not a database error)."""
    return 0 < value <= MAX_ID


def _co_agencies(agency: Agency, ids: list[int], errors: dict[str, str]) -> list[Agency]:
    """联合发文机关 as named (each will be asked to accept; see :mod:`gongkai.publications.co_issues`)."""
    wanted = {i for i in ids if i != agency.pk}
    if len(wanted) > CO_AGENCIES_MAX:
        errors["co_agencies"] = f"联合发文机关最多{CO_AGENCIES_MAX}个"
        return []
    co = list(Agency.objects.filter(pk__in=[i for i in wanted if _is_id(i)]))
    if len(co) != len(wanted):
        errors["co_agencies"] = "联合发文机关不存在"
    return co


def _supersedes(
    agency: Agency, data: PublicationInput, co: list[Agency], errors: dict[str, str], *, pk: int | None
) -> Publication | None:
    """The document this one amends or repeals: a published 规章 or 规范性文件 of this agency or of an agency
    the draft names as co-issuer (whose acceptance :func:`publication_publish` requires)."""
    if data.supersedes_id is None:
        return None
    target = None
    if _is_id(data.supersedes_id):
        target = Publication.objects.filter(pk=data.supersedes_id, status=Status.PUBLISHED).first()
    if target is None or target.pk == pk:
        errors["supersedes"] = "被修改或废止的文件须是已发布的文件"
    elif not target.has_validity:
        errors["supersedes"] = "只有规章和规范性文件有有效性"
    elif not access.may_supersede(target, issuer_ids={agency.pk, *(a.pk for a in co)}):
        errors["supersedes"] = "只能修改或废止本机关的文件，或列为联合发文机关并经其同意的机关的文件"
    if data.supersedes_as not in (Validity.AMENDED, Validity.REPEALED):
        errors["supersedes_as"] = "请选择对原文件的效力：已修改或已废止"
    return target


def _clean(agency: Agency, data: PublicationInput, *, pk: int | None = None) -> dict[str, Any]:
    errors: dict[str, str] = {
        name: "不能包含空字符（\\x00）" for name in _TEXT_FIELDS if "\x00" in str(getattr(data, name) or "")
    }
    values: dict[str, Any] = {}
    title = re.sub(r"\s+", " ", data.title or "").strip()
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > 300:
        errors["title"] = "标题不能超过300字"
    values["title"] = title
    if data.written_on is None:
        errors["written_on"] = "请填写成文日期"
    elif data.written_on > clock.today():
        errors["written_on"] = "成文日期不能晚于今天"
    values["written_on"] = data.written_on
    try:
        values["doc_number"] = normalize_doc_number(data.doc_number)
    except InvalidInput as e:
        errors.update(e.fields)
    if data.kind not in DocKind.values:
        errors["kind"] = "请选择信息类别"
    values["kind"] = data.kind
    if data.genre not in GENRES:
        errors["genre"] = "请选择文种"
    values["genre"] = data.genre
    allowed = reference.categories_for_level(agency.division.level, agency.kind == Agency.Kind.GOVERNMENT)
    if data.category not in allowed:
        errors["category"] = "该类别不适用于本机关（第二十一条的事项只适用于市、县、乡镇）"
    elif data.kind in (DocKind.RULE, DocKind.NORMATIVE) and data.category != "20-1":
        errors["category"] = "规章和规范性文件属于第二十条第（一）项"
    values["category"] = data.category
    if data.kind == DocKind.RULE and agency.division.level > 2:
        errors["kind"] = "规章只能由省、设区的市人民政府制定"
    if (
        data.kind in (DocKind.RULE, DocKind.NORMATIVE)
        and not values.get("doc_number")
        and "doc_number" not in errors
    ):
        errors["doc_number"] = "规章和规范性文件须有发文字号"
    topic = None
    if data.topic_id is not None:
        topic = Topic.objects.filter(pk=data.topic_id).first() if _is_id(data.topic_id) else None
        if topic is None:
            errors["topic"] = "主题分类不存在"
    values["topic"] = topic
    values["summary"] = (data.summary or "").strip()[:500]
    values["body"] = sanitize_body(data.body or "")
    values["keywords"] = (data.keywords or "").strip()[:200]
    values["needs_interpretation"] = bool(data.needs_interpretation)
    values["effective_on"] = data.effective_on
    values["changed_on"] = data.changed_on
    if data.changed_on and data.written_on and data.changed_on < data.written_on:
        errors["changed_on"] = "变更日期不能早于成文日期"
    # 第二十六条 “另有规定”: the start dates of the special deadlines happened, so not after today.
    for name, label in (("approved_on", "批复日期"), ("decided_on", "决定日期")):
        values[name] = getattr(data, name)
        if values[name] is not None and values[name] > clock.today():
            errors[name] = f"{label}不能晚于今天"
    values["co_agencies"] = _co_agencies(agency, data.co_agency_ids, errors)
    values["supersedes"] = _supersedes(agency, data, values["co_agencies"], errors, pk=pk)
    values["supersedes_as"] = data.supersedes_as if values["supersedes"] else ""
    if errors:
        raise InvalidInput("请修改标出的项目", fields=errors)
    return values


def _user(actor: Actor) -> Any:
    """The acting user as a foreign-key value (None for the system)."""
    return actor.user


class _Upload:
    """Bytes already in memory, shaped as an upload for :func:`gongkai.core.uploads.check`."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name: str | None = name
        self.size: int | None = len(content)
        self._content = content

    def read(self, n: int = -1) -> bytes:
        return self._content if n < 0 else self._content[:n]

    def seek(self, offset: int) -> int:
        return 0


def _event(pub: Publication, actor: Actor, action: str, note: str = "", *, public: bool = False) -> None:
    PublicationEvent.objects.create(
        publication=pub, action=action, actor_label=actor.label, note=note[:500], public=public
    )
    audit_record(actor, f"publication.{action}", pub, data={"status": pub.status, "version": pub.version})


def _locked(pub: Publication) -> Publication:
    return (
        Publication.objects.select_for_update(of=("self",)).select_related("agency__division").get(pk=pub.pk)
    )


@transaction.atomic
def publication_create(
    *, actor: Actor, agency: Agency, data: PublicationInput, attachments: list[Any] | None = None
) -> Publication:
    """A new draft, with its attachments in the same transaction: an attachment that is refused leaves
    no draft behind (a clerk retrying the form would otherwise collect one per try)."""
    if not org_access.can_handle_cases(actor.user, agency):
        raise PermissionDenied("只有本机关的经办人或负责人可以起草主动公开信息")
    values = _clean(agency, data)
    co = values.pop("co_agencies")
    pub = Publication.objects.create(agency=agency, author=_user(actor), status=Status.DRAFT, **values)
    _event(pub, actor, "created")
    co_issues.co_issuers_name(actor=actor, publication=pub, agencies=co, effect_changed=False)
    if attachments:
        publication_attach(actor=actor, publication=pub, files=attachments)
    return pub


@transaction.atomic
def publication_update(*, actor: Actor, publication: Publication, data: PublicationInput) -> Publication:
    pub = _locked(publication)
    if not access.can_draft(actor.user, pub):
        raise PermissionDenied("只有本机关的经办人或负责人可以修改草稿")
    if pub.status != Status.DRAFT:
        raise InvalidInput("只能修改草稿；已发布的信息请用“更正”发布新版本", code="not_draft")
    values = _clean(pub.agency, data, pk=pub.pk)
    co = values.pop("co_agencies")
    effect = (pub.supersedes_id, pub.supersedes_as)
    for k, v in values.items():
        setattr(pub, k, v)
    pub.save()
    _event(pub, actor, "updated")
    changed = effect != (pub.supersedes_id, pub.supersedes_as)
    co_issues.co_issuers_name(actor=actor, publication=pub, agencies=co, effect_changed=changed)
    return pub


@transaction.atomic
def publication_attach(
    *, actor: Actor, publication: Publication, files: list[Any]
) -> list[PublicationAttachment]:
    """Adds attachments to a draft; the type is sniffed from the bytes and the text extracted for search."""
    pub = _locked(publication)
    if not access.can_draft(actor.user, pub):
        raise PermissionDenied("只有本机关的经办人或负责人可以上传附件")
    if pub.status != Status.DRAFT:
        raise InvalidInput("只能给草稿添加附件", code="not_draft")
    room = ATTACHMENT_MAX_FILES - pub.attachments.count()
    checked = uploads.check(files, field="attachments", max_files=room, max_mb=ATTACHMENT_MAX_MB)
    created = []
    for f in checked:
        result = scan.scan_file(f.name, f.content, f.content_type)
        att = PublicationAttachment(
            publication=pub, name=f.name, mime=f.content_type, size=len(f.content), sha256=f.sha256,
            text=result.text,
        )  # fmt: skip
        save_after_commit(att.file, f.name, f.content)
        att.save()
        created.append(att)
    _event(pub, actor, "attached", "、".join(a.name for a in created))
    return created


@transaction.atomic
def publication_remove_attachment(*, actor: Actor, attachment: PublicationAttachment) -> None:
    pub = _locked(attachment.publication)
    if not access.can_draft(actor.user, pub) or pub.status != Status.DRAFT:
        raise PermissionDenied("只能由经办人从草稿中删除附件")
    name, stored = attachment.name, attachment.file.name or ""
    attachment.delete()
    delete_after_commit([stored], attachment.file.storage)
    _event(pub, actor, "attachment_removed", name)


@transaction.atomic
def interpretation_save(
    *,
    actor: Actor,
    policy: Publication,
    title: str,
    form: str = Interpretation.Form.TEXT,
    body: str = "",
    video_url: str = "",
    qa: list[dict[str, str]] | None = None,
    image: tuple[str, bytes] | None = None,
    interpretation: Interpretation | None = None,
) -> Interpretation:
    """Creates or edits a draft 政策解读 of ``policy``."""
    pub = _locked(policy)
    if not access.can_draft(actor.user, pub):
        raise PermissionDenied("只有本机关的经办人或负责人可以撰写政策解读")
    errors: dict[str, str] = {}
    title = re.sub(r"\s+", " ", title or "").strip()
    if not title:
        errors["title"] = "请填写解读标题"
    if form not in Interpretation.Form.values:
        errors["form"] = "请选择解读形式"
    qa = [{"q": str(x.get("q", "")).strip(), "a": str(x.get("a", "")).strip()} for x in (qa or [])]
    qa = [x for x in qa if x["q"] or x["a"]]
    if form == Interpretation.Form.TEXT and not (body or "").strip():
        errors["body"] = "文字解读须有正文"
    if form == Interpretation.Form.VIDEO and not re.match(r"^https?://", video_url or ""):
        errors["video_url"] = "请填写以http://或https://开头的视频链接"
    if form == Interpretation.Form.QA and (not qa or any(not x["q"] or not x["a"] for x in qa)):
        errors["qa"] = "问答解读须至少有一组问题和回答，且每个问题都有回答"
    if (
        form == Interpretation.Form.GRAPHIC
        and image is None
        and not (interpretation and interpretation.image)
    ):
        errors["image"] = "图解须上传图片"
    if image is not None:
        checked = uploads.check([_Upload(image[0], image[1])], field="image", max_files=1)
        if not checked[0].content_type.startswith("image/"):
            errors["image"] = "图解须是JPEG或PNG图片"
    if errors:
        raise InvalidInput("请修改标出的项目", fields=errors)
    if interpretation is None:
        item = Interpretation(policy=pub, author=_user(actor))
    else:
        item = Interpretation.objects.select_for_update().get(pk=interpretation.pk, policy=pub)
        if item.status != Status.DRAFT:
            raise InvalidInput("已发布的解读不能修改", code="not_draft")
    item.title, item.form, item.body = title, form, sanitize_body(body or "")
    item.video_url, item.qa = video_url or "", qa
    if image is not None:
        save_after_commit(item.image, image[0], image[1])
    item.save()
    _event(pub, actor, "interpretation_saved", item.title)
    return item


def _scan(pub: Publication) -> list[tuple[str, scan.Finding]]:
    texts = [pub.title, pub.summary, nh3.clean(pub.body, tags=set()), pub.keywords]
    for item in pub.interpretations.filter(status=Status.DRAFT):
        texts += [item.title, nh3.clean(item.body, tags=set())]
        texts += [f"{x['q']} {x['a']}" for x in item.qa]
    files = []
    for att in pub.attachments.all():
        with att.file.open("rb") as fh:
            files.append((att.name, scan.scan_file(att.name, fh.read(), att.mime)))
    return list(scan.iter_findings("\n".join(texts), files))


@transaction.atomic
def publication_submit(*, actor: Actor, publication: Publication) -> Publication:
    """Sends a draft to 保密审查; the scan runs now and its flags wait for the reviewer."""
    pub = _locked(publication)
    if not access.can_draft(actor.user, pub):
        raise PermissionDenied("只有本机关的经办人或负责人可以提交审查")
    ensure_transition(pub.status, Status.IN_REVIEW)
    _require_interpretation(pub)
    pub.flags.filter(acknowledged_at__isnull=True).delete()
    for source, finding in _scan(pub):
        ScanFlag.objects.create(
            publication=pub, source=source[:200], kind=finding.kind, detail=finding.detail
        )
    pub.status = Status.IN_REVIEW
    pub.save(update_fields=["status", "updated_at"])
    _event(pub, actor, "submitted", f"检查发现{pub.flags.count()}处需确认的问题")
    return pub


@transaction.atomic
def flag_acknowledge(*, actor: Actor, flag: ScanFlag) -> ScanFlag:
    pub = _locked(flag.publication)
    if not access.can_review(actor.user, pub):
        raise PermissionDenied("只有本机关的保密审查员（且不是起草人）可以确认检查结果")
    if pub.status != Status.IN_REVIEW:
        raise InvalidInput("只有审查中的信息可以确认检查结果", code="not_in_review")
    flag = ScanFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.acknowledged_at is None:
        flag.acknowledged_by = actor.user  # type: ignore[assignment]
        flag.acknowledged_at = timezone.now()
        flag.save(update_fields=["acknowledged_by", "acknowledged_at"])
        audit_record(actor, "publication.flag_acknowledged", pub, data={"flag": flag.pk, "kind": flag.kind})
    return flag


@transaction.atomic
def publication_clear_review(*, actor: Actor, publication: Publication, note: str = "") -> Publication:
    """保密审查 passed: the reviewer (not the author) has acknowledged every flag."""
    pub = _locked(publication)
    if not access.can_review(actor.user, pub):
        raise PermissionDenied("保密审查须由本机关的保密审查员进行，且审查人不能是起草人")
    ensure_transition(pub.status, Status.APPROVAL)
    open_flags = pub.flags.filter(acknowledged_at__isnull=True).count()
    if open_flags:
        raise InvalidInput(f"还有{open_flags}处检查结果未确认", code="flags_open")
    pub.status = Status.APPROVAL
    pub.reviewer = actor.user  # type: ignore[assignment]
    pub.save(update_fields=["status", "reviewer", "updated_at"])
    _event(pub, actor, "review_cleared", note)
    return pub


@transaction.atomic
def publication_return(*, actor: Actor, publication: Publication, reason: str) -> Publication:
    pub = _locked(publication)
    if not (access.can_review(actor.user, pub) or access.can_publish(actor.user, pub)):
        raise PermissionDenied("只有保密审查员或负责人可以退回")
    if not (reason or "").strip():
        raise InvalidInput.for_field("reason", "请填写退回原因")
    ensure_transition(pub.status, Status.DRAFT)
    pub.status = Status.DRAFT
    pub.save(update_fields=["status", "updated_at"])
    _event(pub, actor, "returned", reason.strip())
    return pub


def _require_interpretation(pub: Publication) -> None:
    """同步发布: a policy marked as needing a 政策解读 goes nowhere without one."""
    if pub.needs_interpretation and not pub.interpretations.exists():
        raise InvalidInput(
            "该文件需同步发布政策解读，请先撰写解读后再提交或发布",
            fields={"interpretations": "缺少政策解读"},
            code="interpretation_missing",
        )


def _require_supersede_consent(pub: Publication) -> None:
    """修改/废止 another agency's document needs that agency among the co-issuers that accepted."""
    if pub.supersedes is None or access.may_supersede(pub.supersedes, issuer_ids=co_issues.issuer_ids(pub)):
        return
    message = f"被修改或废止的文件由{pub.supersedes.agency.name}发布，须经该机关同意联合发文后才能发布"
    raise InvalidInput(message, fields={"supersedes": message}, code="co_issue_not_accepted")


def index_prefix(agency: Agency) -> str:
    """The 组织机构代码 inside the 统一社会信用代码 (characters 9–17), as 索引号 prefixes use it."""
    return agency.uscc[8:17]


def formed_or_changed_on(pub: Publication) -> date:
    return pub.changed_on or pub.written_on


def is_late(pub: Publication, published: date) -> bool:
    """第二十六条: published after the deadline of the record's category — 20 working days from
    形成或者变更 unless a law or regulation 另有规定 (预算法第十四条, 双公示; see
    :mod:`gongkai.publications.timeliness`)."""
    return selectors.publication_deadline(pub).is_late(published)


def _require_start_date(pub: Publication) -> None:
    """预算法第十四条: 预决算 are due 20 days after the 批复, so a record of a category whose rule counts from
    the 批复 cannot be published without that date."""
    rule = selectors.deadline_rules().for_category(pub.category)
    if rule.start_event == timeliness.APPROVED and pub.approved_on is None:
        message = "发布预算、决算信息须填写批复日期（预算法第十四条：批复后二十日内公开）"
        raise InvalidInput(message, fields={"approved_on": message}, code="approved_on_required")


def _keep_current_version(pub: Publication) -> None:
    """Before a correction: the version being replaced, as it was published."""
    PublicationVersion.objects.create(
        publication=pub,
        version=pub.version,
        title=pub.title,
        body=pub.body,
        metadata={"doc_number": pub.doc_number, "summary": pub.summary, "keywords": pub.keywords},
        note=pub.revision_note,
        published_at=pub.revised_at or pub.published_at or timezone.now(),
    )


@transaction.atomic
def publication_publish(
    *, actor: Actor, publication: Publication, now: datetime | None = None
) -> Publication:
    """The 负责人 publishes: 索引号 assigned, interpretations published in the same step (同步发布), the
    record it amends or repeals marked so, the 第二十六条 timeliness recorded, search told."""
    pub = _locked(publication)
    if not access.can_publish(actor.user, pub):
        raise PermissionDenied("只有本机关负责人可以审批发布")
    ensure_transition(pub.status, Status.PUBLISHED)
    _require_interpretation(pub)
    _require_supersede_consent(pub)
    _require_start_date(pub)
    drafts = list(pub.interpretations.select_for_update().filter(status=Status.DRAFT))
    now = now or clock.now()
    day = timezone.localdate(now)
    serial = next_serial(IndexCounter, agency=pub.agency, year=day.year)
    pub.index_no = f"{index_prefix(pub.agency)}/{day.year}-{serial:05d}"
    pub.status = Status.PUBLISHED
    pub.published_at = now
    pub.approver = actor.user  # type: ignore[assignment]
    pub.published_late = is_late(pub, day)
    if pub.has_validity and not pub.validity:
        pub.validity = Validity.IN_FORCE
    pub.save()
    for item in drafts:
        item.status, item.published_at = Status.PUBLISHED, now
        item.save(update_fields=["status", "published_at"])
        hooks.notify_content_changed(INTERPRETATION_CONTENT_TYPE, item.pk)
    if pub.supersedes_id:
        old = Publication.objects.select_for_update().get(pk=pub.supersedes_id)
        _set_validity(actor, old, pub.supersedes_as, day, replaced_by=pub)
    _event(pub, actor, "published", pub.index_no or "", public=True)
    hooks.notify_content_changed(CONTENT_TYPE, pub.pk)
    return pub


def _set_validity(
    actor: Actor, pub: Publication, validity: str, on: date, *, replaced_by: Publication | None = None
) -> None:
    before = pub.validity
    pub.validity = validity
    pub.validity_changed_on = on
    if replaced_by is not None:
        pub.replaced_by = replaced_by
    pub.save(update_fields=["validity", "validity_changed_on", "replaced_by", "updated_at"])
    label = Validity(validity).label
    note = f"{Validity(before).label if before else '—'} → {label}"
    if replaced_by is not None:
        note += f"（{replaced_by.doc_number or replaced_by.title}）"
    _event(pub, actor, "validity_changed", note, public=True)
    hooks.notify_content_changed(CONTENT_TYPE, pub.pk)


@transaction.atomic
def publication_set_validity(
    *, actor: Actor, publication: Publication, validity: str, on: date | None = None
) -> Publication:
    """A validity change that no new document carries (e.g. 失效 at the end of its term, 清理 results)."""
    pub = _locked(publication)
    if not access.can_publish(actor.user, pub):
        raise PermissionDenied("只有本机关负责人可以变更文件有效性")
    if pub.status != Status.PUBLISHED or not pub.has_validity:
        raise InvalidInput("只有已发布的规章和规范性文件有有效性", code="no_validity")
    if validity not in Validity.values:
        raise InvalidInput.for_field("validity", "请选择有效性")
    _set_validity(actor, pub, validity, on or clock.today())
    return pub


@transaction.atomic
def publication_withdraw(*, actor: Actor, publication: Publication, reason: str) -> Publication:
    """The page stays and says the record was withdrawn and why; search drops it."""
    pub = _locked(publication)
    if not access.can_publish(actor.user, pub):
        raise PermissionDenied("只有本机关负责人可以撤回已发布的信息")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput.for_field("reason", "请填写撤回原因")
    ensure_transition(pub.status, Status.WITHDRAWN)
    pub.status = Status.WITHDRAWN
    pub.withdrawn_at = clock.now()
    pub.withdrawn_reason = reason[:300]
    pub.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
    _event(pub, actor, "withdrawn", reason, public=True)
    hooks.notify_content_changed(CONTENT_TYPE, pub.pk)
    return pub


@transaction.atomic
def publication_correct(
    *, actor: Actor, publication: Publication, title: str, body: str, summary: str, note: str
) -> Publication:
    """更正: a new version with a visible revision note; the old text stays readable. Text that the scan
    flags cannot be published this way (it goes back through 保密审查 as a new draft)."""
    pub = _locked(publication)
    if not access.can_publish(actor.user, pub):
        raise PermissionDenied("只有本机关负责人可以发布更正")
    if pub.status != Status.PUBLISHED:
        raise InvalidInput("只有已发布的信息可以更正", code="not_published")
    errors: dict[str, str] = {}
    if not (note or "").strip():
        errors["note"] = "请填写修订说明，说明改了什么"
    title = re.sub(r"\s+", " ", title or "").strip()
    if not title:
        errors["title"] = "请填写标题"
    body = sanitize_body(body or "")
    findings = scan.scan_text("\n".join([title, summary or "", nh3.clean(body, tags=set())]))
    if findings:
        errors["body"] = (
            "更正内容含疑似个人信息（" + "；".join(f.detail for f in findings[:3]) + "），请删除后再发布"
        )
    if errors:
        raise InvalidInput("请修改标出的项目", fields=errors)
    _keep_current_version(pub)
    pub.title, pub.body, pub.summary = title, body, (summary or "").strip()[:500]
    pub.version += 1
    pub.revision_note, pub.revised_at = note.strip()[:300], clock.now()
    pub.save(
        update_fields=["title", "body", "summary", "version", "revision_note", "revised_at", "updated_at"]
    )
    _event(pub, actor, "corrected", note.strip(), public=True)
    hooks.notify_content_changed(CONTENT_TYPE, pub.pk)
    return pub


@transaction.atomic
def reference_data_seed(*, actor: Actor) -> int:
    """The packaged 主题分类, 基层政务公开 domains and publication deadlines, where missing
    (``gongkai init``; idempotent)."""
    if not (actor.is_system or actor.is_administrator):
        raise PermissionDenied("只有系统管理员或初始化任务可以导入基础数据")
    created = reference.seed(Topic, GrassrootsDomain, CatalogueEntry)
    created += reference.seed_deadline_rules(DeadlineRule)
    if created:
        audit_record(
            actor,
            "publications.reference_seeded",
            object_type="publications.reference",
            data={"rows": created},
        )
    return created


def publication_count_views(counts: dict[int, int]) -> None:
    """Adds buffered page views (one UPDATE per record; views are not audited, nor worth a lock)."""
    for pk, n in counts.items():
        Publication.objects.filter(pk=pk).update(view_count=F("view_count") + n)
