"""The staff login forms (portal and admin)."""

from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.translation import gettext_lazy as _

#: django.contrib.auth's username column; django-axes records failed attempts in a 255-character one.
USERNAME_MAX_LENGTH = 150


def _username() -> UsernameField:
    return UsernameField(
        label=_("用户名"),
        max_length=USERNAME_MAX_LENGTH,
        error_messages={"max_length": _("用户名不能超过%(limit_value)d个字符")},
        widget=forms.TextInput(attrs={"autofocus": True}),
    )


class LoginForm(AuthenticationForm):
    """Django's form with the username's length checked before anything is looked up or recorded: Django
    only sets ``maxlength`` on the widget, and a longer name reached django-axes' failure log, which
    PostgreSQL refused (a 500)."""

    username = _username()


class AdminLoginForm(AdminAuthenticationForm):
    """The admin's login form, with the same check (``admin.site.login_form``)."""

    username = _username()
