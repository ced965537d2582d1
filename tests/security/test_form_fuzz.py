"""Every form of the pages, posted with a valid CSRF token and random values (any unicode
text, and sometimes several values for one field, as a date field sends three), never
answers 500: whatever arrives, the answer is the form with its errors, a refusal or the
thing done."""

from __future__ import annotations

import re
from typing import Any

import pytest
from factories import sign_in
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from walking import World

TEXT = st.text(max_size=200)
VALUE = st.one_of(TEXT, st.lists(TEXT, min_size=0, max_size=4))
FIELD = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"')
CSRF_REFUSED = "There is a problem with what was sent"
TOKEN = re.compile(r'name="csrf_token"[^>]*?value="([^"]+)"')


def forms(world: World) -> list[tuple[str, str, str]]:
    """(who, the page that shows the form, where the form posts) for every page form."""
    submitted, draft = world.submitted.id, world.draft.id
    spare = world.revocable["manager of A"]
    user = world.people["manager of B"].id  # type: ignore[union-attr]
    note = "/reports/notes/public-service-reform/E08000010"
    review = world.submitted
    # The national ask the submitted review's barrier makes (the world loads the register).
    ask = f"/national-asks/multi_year_funding/{review.period_start}/{review.period_end}"
    return [
        ("signed out", "/sign-in", "/sign-in"),
        ("manager of A", "/account", "/account/tokens"),
        ("manager of A", "/account", f"/account/tokens/{spare}/revoke"),
        ("manager of A", "/account", "/account/notifications"),
        ("regulator", "/account", "/account/notifications"),
        ("manager of A", "/", "/sign-out"),
        ("admin", "/admin/users/new", "/admin/users/new"),
        ("admin", f"/admin/users/{user}/deactivate", f"/admin/users/{user}/deactivate"),
        ("admin", "/frameworks/upload", "/frameworks/upload"),
        ("manager of A", "/places/E08000010/services/new", "/places/E08000010/services/new"),
        ("manager of A", "/reviews/new", "/reviews/new"),
        ("manager of A", *[f"/reviews/{draft}/sections/principle-relational"] * 2),
        ("manager of A", *[f"/reviews/{draft}/sections/measures"] * 2),
        ("manager of A", *[f"/reviews/{draft}/sections/story"] * 2),
        ("manager of A", *[f"/reviews/{draft}/sections/barriers"] * 2),
        ("manager of A", f"/reviews/{draft}/check", f"/reviews/{draft}/check"),
        ("manager of A", f"/reviews/{submitted}/amend", f"/reviews/{submitted}/amend"),
        ("manager of A", f"/reviews/{submitted}", f"/reviews/{submitted}/amend/cancel"),
        ("regulator", f"/reviews/{submitted}", f"/reviews/{submitted}/feedback"),
        (
            "regulator",
            f"/reviews/{submitted}",
            f"/reviews/{submitted}/feedback/{world.feedback_id}/reply",
        ),
        ("regulator", f"/reviews/{submitted}", f"/reviews/{submitted}/acknowledge"),
        ("manager of A", "/imports/", "/imports/"),
        ("manager of A", note, note),
        ("admin", "/exports/", "/exports/download?framework=public-service-reform"),
        ("admin", "/national-bodies", "/national-bodies"),
        ("admin", "/national-bodies/dhsc", "/national-bodies/dhsc"),
        ("admin", *[f"{ask}/respond"] * 2),
    ]


@pytest.mark.parametrize("number", range(27))
def test_random_values_in_a_form_never_answer_500(world: World, number: int) -> None:
    who, page, action = forms(world)[number]
    world.app.config["WTF_CSRF_ENABLED"] = True
    client = world.app.test_client()
    if world.people[who] is not None:
        world.app.config["WTF_CSRF_ENABLED"] = False  # signing in is not under test here
        sign_in(client, world.people[who])  # type: ignore[arg-type]
        world.app.config["WTF_CSRF_ENABLED"] = True
    shown = client.get(page)
    html = shown.get_data(as_text=True)
    token = TOKEN.search(html)
    assert token is not None, f"{page} ({shown.status_code}) shows no form"
    fields = sorted(set(FIELD.findall(html)) - {"csrf_token"})
    plain = client.post(action, data={"csrf_token": token.group(1)})
    assert CSRF_REFUSED.encode() not in plain.data, "the token must be valid"
    plain.close()
    # Text no database stores, in every field at once: the random values below find it in
    # one form in a few hundred runs; this finds it every time.
    unstorable = client.post(
        action, data={**dict.fromkeys(fields, "a\x00b"), "csrf_token": token.group(1)}
    )
    assert unstorable.status_code < 500, (action, unstorable.status_code)
    unstorable.close()
    post_random(client, action, token.group(1), fields)


def post_random(client: FlaskClient, action: str, token: str, fields: list[str]) -> None:
    @settings(
        max_examples=10,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
    )
    @given(st.fixed_dictionaries({}, optional={name: VALUE for name in fields}))
    def post(values: dict[str, Any]) -> None:
        response = client.post(action, data={**values, "csrf_token": token})
        assert response.status_code < 500, (action, values, response.status_code)
        response.close()

    post()


def test_every_form_of_the_pages_is_fuzzed(world: World) -> None:
    """Each page route that takes a POST appears in the list above."""
    posting = {
        rule.endpoint
        for rule in world.app.url_map.iter_rules()
        if "POST" in (rule.methods or set()) and not rule.endpoint.startswith("api.")
    }
    adapter = world.app.url_map.bind("localhost")
    fuzzed = {
        adapter.match(action.split("?")[0], method="POST")[0] for _, _, action in forms(world)
    }
    assert posting - fuzzed == set()
    assert len(forms(world)) == 27
