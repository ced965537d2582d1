"""Steps shared by the browser journeys."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask
from playwright.sync_api import Page

from outcomes.accounts.models import Role
from outcomes.demo.accounts import DemoAccount


@dataclass
class LiveServer:
    """The app served for the browser: its address, the demo accounts' passwords, and the
    app itself, for a journey that files data through the services before it starts."""

    url: str
    accounts: dict[Role, DemoAccount]
    app: Flask


def sign_in(page: Page, base_url: str, account: DemoAccount) -> None:
    page.goto(f"{base_url}/sign-in")
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    # Submitting with the keyboard: every journey must work without a mouse.
    page.get_by_label("Password", exact=True).press("Enter")
    page.wait_for_url(f"{base_url}/")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
