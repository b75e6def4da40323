"""Writes to divisions, agencies and staff roles: transactional, permission-checked, audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.core import hooks
from gongkai.core.audit import audit_record
from gongkai.core.codes import validate_division_code, validate_uscc
from gongkai.core.context import Actor
from gongkai.core.errors import InvalidInput, PermissionDenied
from gongkai.orgs import access, english
from gongkai.orgs.models import Agency, Division, StaffRole
from gongkai.orgs.roles import AGENCY_ROLES, DIVISION_ROLES, Role

# Fields of an agency that its own staff or an administrator may edit (the 指南 contact block etc.).
AGENCY_EDITABLE_FIELDS = (
    "name",
    "name_en",
    "short_name",
    "kind",
    "sort_order",
    "vertical",
    "is_active",
    "parent",
    "doc_prefix",
    "office_name",
    "office_address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
    "website",
)


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _is_system(actor: Actor) -> bool:
    """The operator's tasks (``gongkai init``, the demo, imports) set up divisions, agencies and roles."""
    return actor.is_system


@transaction.atomic
def division_create(
    *,
    actor: Actor,
    parent: Division | None,
    code: str,
    name: str,
    level: int,
    kind: str,
    has_districts: bool = True,
    name_en: str = "",
) -> Division:
    _require(_is_system(actor) or access.can_administer(actor.user), "只有系统管理员可以维护行政区划")
    code = validate_division_code(code)
    if not name.strip():
        raise InvalidInput.for_field("name", "名称不能为空")
    if Division.objects.filter(code=code).exists():
        raise InvalidInput.for_field("code", f"行政区划代码{code}已存在")
    if parent is not None and level != parent.level + 1:
        raise InvalidInput.for_field("level", "层级必须比上级行政区划低一级")
    if kind in Division.KIND_LEVEL and level in Division.Level.values:
        _check_kind_level(kind, level)
    fields: dict[str, Any] = {
        "code": code,
        "name": name.strip(),
        "name_en": name_en.strip(),
        "level": level,
        "kind": kind,
        "has_districts": has_districts,
    }
    tree: Any = Division.objects  # treebeard's MP_NodeManager (untyped)
    division: Division = tree.add_root(fields) if parent is None else tree.add_child(parent, fields)
    audit_record(actor, "orgs.division.created", division, data={"code": code})
    return division


# Fields of a division the administrator may correct (the code and the place in the tree are its identity).
DIVISION_EDITABLE_FIELDS = ("name", "name_en", "kind", "has_districts")


@transaction.atomic
def division_update(*, actor: Actor, division: Division, **changes: Any) -> Division:
    _require(_is_system(actor) or access.can_administer(actor.user), "只有系统管理员可以维护行政区划")
    unknown = set(changes) - set(DIVISION_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown division fields: {sorted(unknown)}")
    if "name" in changes:
        changes["name"] = str(changes["name"]).strip()
        if not changes["name"]:
            raise InvalidInput.for_field("name", "名称不能为空")
    if "kind" in changes and changes["kind"] not in Division.Kind.values:
        raise InvalidInput.for_field("kind", "行政区划类型无效")
    if "kind" in changes:
        _check_kind_level(str(changes["kind"]), division.level)
    if "name" in _save_changes(actor, division, changes, "orgs.division.updated"):
        # agencies are searched by their place's name too (search/documents.py)
        below = Agency.objects.filter(division__path__startswith=division.path)
        hooks.notify_content_changed("agency", *below.values_list("pk", flat=True))
    return division


def _check_kind_level(kind: str, level: int) -> None:
    expected = Division.KIND_LEVEL.get(kind)
    if expected is not None and expected != level:
        label = Division.Level(level).label
        raise InvalidInput.for_field("kind", f"“{Division.Kind(kind).label}”不是{label}行政区划的类型")


def _save_changes(actor: Actor, obj: Any, changes: dict[str, Any], action: str) -> list[str]:
    """Save the fields of ``changes`` that differ, audited with their names (never their values)."""
    changed = [k for k, v in changes.items() if getattr(obj, k) != v]
    if changed:
        for key in changed:
            setattr(obj, key, changes[key])
        obj.save(update_fields=changed)
        audit_record(actor, action, obj, data={"fields": sorted(changed)})
    return changed


@transaction.atomic
def english_names_fill(*, actor: Actor) -> tuple[int, int]:
    """Gives every division and agency without an English name the generated one (gongkai.orgs.english);
    names entered by hand are kept. Returns (divisions, agencies) named."""
    _require(_is_system(actor) or access.can_administer(actor.user), "只有系统管理员可以生成英文名称")
    divisions = list(Division.objects.order_by("path"))
    missing = [d for d in divisions if not d.name_en]
    english.name_divisions(divisions)
    Division.objects.bulk_update([d for d in missing if d.name_en], ["name_en"], batch_size=500)
    by_id = {d.pk: d for d in divisions}
    agencies = list(Agency.objects.all())
    by_agency = {a.pk: a for a in agencies}
    for a in agencies:  # share the loaded rows instead of one query per relation
        a.division = by_id[a.division_id]
        a.parent = by_agency.get(a.parent_id) if a.parent_id else None
    blank = [a for a in agencies if not a.name_en]
    english.name_agencies(agencies, divisions)
    named = [a for a in blank if a.name_en]
    Agency.objects.bulk_update(named, ["name_en"], batch_size=500)
    hooks.notify_content_changed("agency", *[a.pk for a in named])  # the English pages show them
    counts = (sum(1 for d in missing if d.name_en), len(named))
    audit_record(actor, "orgs.english_names.filled", data={"divisions": counts[0], "agencies": counts[1]})
    return counts


@transaction.atomic
def division_delete(*, actor: Actor, division: Division) -> None:
    """Remove a division entered by mistake: only a leaf without agencies or supervisors."""
    _require(_is_system(actor) or access.can_administer(actor.user), "只有系统管理员可以维护行政区划")
    fresh = Division.objects.select_for_update().get(pk=division.pk)
    if fresh.numchild:
        raise InvalidInput.for_field("division", f"{fresh.name}还有下级行政区划，不能删除")
    if Agency.objects.filter(division=fresh).exists():
        raise InvalidInput.for_field("division", f"{fresh.name}还有机关，不能删除")
    if StaffRole.objects.filter(division=fresh).exists():
        raise InvalidInput.for_field("division", f"{fresh.name}还有政务公开办人员，请先撤销其角色")
    audit_record(actor, "orgs.division.deleted", fresh, data={"code": fresh.code})
    fresh.delete()


@transaction.atomic
def agency_move(*, actor: Actor, agency: Agency, division: Division) -> Agency:
    """Place an agency under another division (e.g. after a 区划调整); the administrator only, since it
    changes which supervisors see the agency."""
    _require(_is_system(actor) or access.can_administer(actor.user), "只有系统管理员可以调整机关所属行政区划")
    before = Agency.objects.select_related("division").get(pk=agency.pk).division
    if before.pk == division.pk:
        return agency
    agency.division = division
    agency.save(update_fields=["division"])
    audit_record(actor, "orgs.agency.moved", agency, data={"from": before.code, "to": division.code})
    hooks.notify_content_changed("agency", agency.pk)  # search and the page cache
    return agency


@transaction.atomic
def agency_create(
    *, actor: Actor, division: Division, name: str, kind: str, uscc: str, **details: Any
) -> Agency:
    _require(
        _is_system(actor)
        or access.can_administer(actor.user)
        or access.can_supervise_division(actor.user, division),
        "只有系统管理员或本级及上级政务公开办可以新增机关",
    )
    unknown = set(details) - set(AGENCY_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    if not name.strip():
        raise InvalidInput.for_field("name", "机关全称不能为空")
    if kind not in Agency.Kind.values:
        raise InvalidInput.for_field("kind", "机关类型无效")
    code = validate_uscc(uscc)
    if Agency.objects.filter(uscc=code).exists():
        raise InvalidInput.for_field("uscc", f"统一社会信用代码{code}已被其他机关使用")
    agency = Agency(division=division, name=name.strip(), kind=kind, uscc=code, **details)
    agency.full_clean()
    agency.save()
    audit_record(actor, "orgs.agency.created", agency, data={"uscc": code, "division": division.code})
    hooks.notify_content_changed("agency", agency.pk)  # search and the page cache
    return agency


@transaction.atomic
def agency_update(*, actor: Actor, agency: Agency, **changes: Any) -> Agency:
    """Change an agency's editable fields; its own approver or an administrator may do so."""
    _require(
        _is_system(actor) or access.can_administer(actor.user) or access.can_approve(actor.user, agency),
        "只有本机关负责人或系统管理员可以修改机关信息",
    )
    unknown = set(changes) - set(AGENCY_EDITABLE_FIELDS) - {"uscc"}
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    if "uscc" in changes:
        changes["uscc"] = validate_uscc(changes["uscc"])
        if Agency.objects.filter(uscc=changes["uscc"]).exclude(pk=agency.pk).exists():
            raise InvalidInput.for_field("uscc", f"统一社会信用代码{changes['uscc']}已被其他机关使用")
    changed = [k for k, v in changes.items() if getattr(agency, k) != v]
    if not changed:
        return agency
    for key in changed:
        setattr(agency, key, changes[key])
    agency.full_clean()
    agency.save(update_fields=changed)
    audit_record(actor, "orgs.agency.updated", agency, data={"fields": sorted(changed)})
    hooks.notify_content_changed("agency", agency.pk)  # search and the page cache
    return agency


@transaction.atomic
def staff_role_grant(
    *, actor: Actor, user: Any, role: str, agency: Agency | None = None, division: Division | None = None
) -> StaffRole:
    """Grant a role; idempotent (granting a role the user already holds returns the existing grant)."""
    if role not in Role.values:
        raise InvalidInput.for_field("role", "角色无效")
    if role in AGENCY_ROLES and (agency is None or division is not None):
        raise InvalidInput.for_field("agency", "经办人、负责人和保密审查员必须属于一个机关")
    if role in DIVISION_ROLES and (division is None or agency is not None):
        raise InvalidInput.for_field("division", "政务公开办角色必须对应一个行政区划")
    if role == Role.ADMIN and (agency is not None or division is not None):
        raise InvalidInput.for_field("role", "系统管理员角色不属于具体机关或行政区划")
    _require(
        _is_system(actor) or access.can_grant_role(actor.user, role=role, agency=agency, division=division),
        "无权授予该角色",
    )
    try:
        with transaction.atomic():
            grant, created = StaffRole.objects.get_or_create(
                user=user, role=role, agency=agency, division=division
            )
    except IntegrityError:  # a concurrent identical grant won the race
        grant = StaffRole.objects.get(user=user, role=role, agency=agency, division=division)
        created = False
    if created:
        audit_record(actor, "orgs.role.granted", grant, data={"user": user.get_username(), "role": role})
    access.forget_roles(user)
    return grant


@transaction.atomic
def staff_role_revoke(*, actor: Actor, grant: StaffRole) -> None:
    _require(
        _is_system(actor)
        or access.can_grant_role(actor.user, role=grant.role, agency=grant.agency, division=grant.division),
        "无权撤销该角色",
    )
    audit_record(
        actor, "orgs.role.revoked", grant, data={"user": grant.user.get_username(), "role": grant.role}
    )
    grant.delete()
    access.forget_roles(grant.user)


@transaction.atomic
def staff_user_create(
    *, actor: Actor, username: str, password: str, full_name: str = "", email: str = ""
) -> Any:
    """Create a login for a member of staff (roles are granted separately)."""
    _require(_is_system(actor) or access.can_enter_staff_area(actor.user), "无权创建用户")
    user_model = get_user_model()
    if not username.strip():
        raise InvalidInput.for_field("username", "用户名不能为空")
    if user_model.objects.filter(username=username).exists():
        raise InvalidInput.for_field("username", f"用户名{username}已存在")
    last, first = (full_name[:1], full_name[1:]) if full_name else ("", "")
    user = user_model.objects.create_user(
        username=username, password=password, email=email, last_name=last, first_name=first
    )
    audit_record(actor, "auth.user.created", user, data={"username": username})
    return user


def _password_problems(error: ValidationError) -> str:
    """The validators' messages, in Chinese (Django 5.2's catalogue lacks the new too-short message)."""
    problems = []
    for item in error.error_list:
        if item.code == "password_too_short" and item.params:
            problems.append(f"密码太短，至少需要{item.params['min_length']}个字符")
        else:
            problems.extend(m.rstrip("。.") for m in item.messages)
    return "；".join(problems)


@transaction.atomic
def administrator_ensure(*, actor: Actor, username: str, password: str) -> tuple[Any, bool]:
    """The first administrator (``gongkai init``): idempotent — when an administrator already exists it is
    returned unchanged with ``False``; otherwise the login is created (password checked against
    AUTH_PASSWORD_VALIDATORS), granted 系统管理员 and audited, and returned with ``True``."""
    _require(actor.is_system, "只有系统任务（gongkai init）可以创建第一个管理员")
    user_model = get_user_model()
    existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
    if existing is not None:
        return existing, False
    username = username.strip()
    if not username:
        raise InvalidInput.for_field("username", "管理员用户名不能为空")
    if user_model.objects.filter(username=username).exists():
        raise InvalidInput.for_field("username", f"用户名{username}已存在且不是管理员")
    candidate = user_model(username=username)
    try:
        validate_password(password, user=candidate)
    except ValidationError as e:
        raise InvalidInput.for_field("password", "管理员密码不符合要求：" + _password_problems(e)) from e
    user = user_model.objects.create_superuser(username=username, password=password)
    audit_record(actor, "auth.admin.created", user, data={"username": username})
    staff_role_grant(actor=actor, user=user, role=Role.ADMIN)
    return user, True


# Account fields the administrator may change. Administration itself is granted as a role (Role.ADMIN,
# audited), never by ticking is_superuser; usernames stay (the audit log names people by them).
USER_EDITABLE_FIELDS = ("first_name", "last_name", "email", "is_active", "is_staff")


@transaction.atomic
def staff_user_update(*, actor: Actor, user: Any, **changes: Any) -> Any:
    _require(_is_system(actor) or access.can_administer(actor.user), "只有系统管理员可以修改用户")
    unknown = set(changes) - set(USER_EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown user fields: {sorted(unknown)}")
    if changes.get("is_active") is False and getattr(actor.user, "pk", None) == user.pk:
        raise InvalidInput.for_field("is_active", "不能停用自己的账号")
    _save_changes(actor, user, changes, "auth.user.updated")
    return user


@transaction.atomic
def staff_user_set_password(*, actor: Actor, user: Any, password: str | None) -> Any:
    """Set a user's password (checked against the password rules), or disable password login (None)."""
    _require(_is_system(actor) or access.can_administer(actor.user), "只有系统管理员可以重设密码")
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as e:
            raise InvalidInput.for_field("password", "；".join(e.messages)) from e
        user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor, "auth.user.password_set", user, data={"usable": password is not None})
    return user
