"""Every URL of the project, asked by every role: the answer is the one the table expects.

The people are those of tests/conftest.py: a stranger (not signed in), Anong (central admin),
Preecha (central viewer), Wilai and Somchai (Chiang Mai's editor and approver) and Hassan (an
editor of Songkhla, the other province). Every object of the table belongs to Chiang Mai.

A URL pattern without a row in MATRIX fails `test_every_url_pattern_has_a_row`: when you add a
URL, add its row (one line; the expectation sets below cover most cases). Expectations:

    200, 201, 204, 400, 403, 404, 405 … an exact status code;
    LOGIN   302 to the sign-in page (pages) — the API answers 401 instead;
    ADMIN_LOGIN  302 to the admin's own sign-in page;
    ALLOWED the permission check let the request through: any answer but 401, 403, 404 or a
            redirect to a sign-in page (a POST without valid data then answers 400, or 302 back to
            the page with a message). Used where the answer depends on the data sent.

Each row starts from the same objects: its requests run in a savepoint rolled back afterwards.
Within a row, roles are asked in the order of ROLES, refusals before the people allowed, so that a
change made by an allowed request cannot hide a refusal.
"""

from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LOGIN = "login"
ADMIN_LOGIN = "admin-login"
ALLOWED = "allowed"

ANON, ADMIN, VIEWER, OUTSIDER, EDITOR, APPROVER = "anonymous", "anong", "preecha", "hassan", "wilai", "somchai"
ROLES = (ANON, ADMIN, VIEWER, OUTSIDER, EDITOR, APPROVER)
FIXTURES = {
    ADMIN: "central_admin",
    VIEWER: "central_viewer",
    OUTSIDER: "sk_editor",
    EDITOR: "cm_editor",
    APPROVER: "cm_approver",
}


def expect(anon=LOGIN, admin=200, viewer=200, outsider=404, editor=200, approver=200) -> dict:
    return {ANON: anon, ADMIN: admin, VIEWER: viewer, OUTSIDER: outsider, EDITOR: editor, APPROVER: approver}


# Pages.
ELSEWHERE = 302  # a redirect elsewhere than a sign-in page (a provincial user's own province page)
PUBLIC = expect(anon=200, outsider=200)  # no sign-in needed
SIGNED_IN = expect(outsider=200)  # every signed-in person, nothing province-owned
READ = expect()  # a Chiang Mai object: everyone of the centre and of the province; 404 elsewhere
EDIT = expect(admin=403, viewer=403, editor=ALLOWED, approver=ALLOWED)
EDIT_PAGE = expect(admin=403, viewer=403)  # a form page (GET) of the province's editors
SUBMIT = expect(admin=403, viewer=403, editor=403, approver=ALLOWED)
REVIEW = expect(admin=ALLOWED, viewer=403, editor=403, approver=403)
ADMIN_PAGE = expect(viewer=403, outsider=403, editor=403, approver=403)  # the centre's administrators
ADMIN_POST = expect(admin=ALLOWED, viewer=403, outsider=403, editor=403, approver=403)
# Wilai deletes first: Somchai, asked after her, finds nothing left. (The services' tests cover the
# approver's own right to delete.)
DELETE = {**EDIT, APPROVER: 404}
# An import's preview of an upload that does not exist (or is someone else's): 404 once allowed.
NO_SUCH_UPLOAD = expect(admin=403, viewer=403, editor=404, approver=404)
CENTRE_ONLY = expect(admin=200, viewer=200, outsider=403, editor=403, approver=403)
JOB = expect(admin=200, viewer=200, outsider=404, editor=404, approver=404)  # Preecha's own, and the administrators'
SIGNED_IN_POST = expect(admin=ALLOWED, viewer=ALLOWED, outsider=ALLOWED, editor=ALLOWED, approver=ALLOWED)
# The API: 401 instead of a redirect, the same rules otherwise.
API_SIGNED_IN = expect(anon=401, outsider=200)
API_READ = expect(anon=401)
API_EDIT = {**EDIT, ANON: 401}
API_SUBMIT = {**SUBMIT, ANON: 401}
API_REVIEW = {**REVIEW, ANON: 401}
API_DELETE = {**DELETE, ANON: 401}


@dataclass(frozen=True)
class Row:
    name: str  # the URL pattern's name ("namespace:name" in a namespace)
    path: str  # formatted with the objects of the `world` fixture (tests/conftest.py)
    expected: dict
    method: str = "get"
    data: dict = field(default_factory=dict)


MATRIX = [
    # Start, accounts, reference data
    Row("home", "/", expect(outsider=ELSEWHERE, editor=ELSEWHERE, approver=ELSEWHERE)),
    Row("province_home", "/provinces/50/", expect(outsider=403)),
    Row("province_list", "/provinces/", CENTRE_ONLY),
    Row("province_years", "/provinces/50/years/", expect(outsider=403)),
    Row("login", "/accounts/login/", expect(anon=200, admin=302, viewer=302, outsider=302, editor=302, approver=302)),
    Row(
        "logout",
        "/accounts/logout/",
        expect(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN),
        "post",
    ),
    Row("profile", "/accounts/profile/", SIGNED_IN),
    Row("token_create", "/accounts/tokens/", SIGNED_IN_POST, "post", {"name": "script"}),
    Row(
        "token_revoke",
        "/accounts/tokens/{token}/revoke/",
        expect(admin=404, viewer=404, approver=404, editor=302),
        "post",
    ),
    Row("two_factor_verify", "/accounts/two-factor/", expect(LOGIN, 302, 302, 302, 302, 302)),  # no device: set up
    Row("two_factor_setup", "/accounts/two-factor/setup/", SIGNED_IN),
    Row("two_factor_recovery_codes", "/accounts/two-factor/recovery-codes/", expect(LOGIN, *[302] * 5), "post"),
    Row("two_factor_reset", "/accounts/people/{person}/two-factor/reset/", ADMIN_PAGE),
    # Passkeys: django-otp-webauthn's JSON ceremonies refuse a stranger (403: no passwordless sign-in);
    # a signed-in person gets the options (200), and a completion without a begun ceremony is a 400.
    Row("passkey_register_begin", "/accounts/two-factor/passkeys/register/begin/", expect(403, *[200] * 5), "post"),
    Row(
        "passkey_register_complete",
        "/accounts/two-factor/passkeys/register/complete/",
        expect(403, *[400] * 5),
        "post",
    ),
    Row("passkey_added", "/accounts/two-factor/passkeys/added/", expect(LOGIN, *[ELSEWHERE] * 5)),
    Row("passkey_sign_in_begin", "/accounts/two-factor/passkeys/sign-in/begin/", expect(403, *[200] * 5), "post"),
    Row(
        "passkey_sign_in_complete",
        "/accounts/two-factor/passkeys/sign-in/complete/",
        expect(403, *[400] * 5),
        "post",
    ),
    Row("passkey_jsi18n", "/accounts/two-factor/passkeys/jsi18n/", PUBLIC),
    Row("session_list", "/accounts/sessions/", SIGNED_IN),
    Row("session_end_others", "/accounts/sessions/end-others/", expect(LOGIN, *[302] * 5), "post"),
    Row("session_end", "/accounts/sessions/1/end/", expect(LOGIN, *[302] * 5), "post"),  # none of theirs: back
    Row("session_status", "/accounts/session/", SIGNED_IN),
    Row("password_change", "/accounts/password/change/", SIGNED_IN),
    Row("password_change_done", "/accounts/password/change/done/", SIGNED_IN),
    Row("password_reset", "/accounts/password/reset/", PUBLIC),
    Row("password_reset_done", "/accounts/password/reset/sent/", PUBLIC),
    Row("password_reset_confirm", "/accounts/password/reset/MQ/set-password/", PUBLIC),
    Row("password_reset_complete", "/accounts/password/reset/done/", PUBLIC),
    Row("oidc_authentication_init", "/accounts/oidc/authenticate/", expect(404, 404, 404, 404, 404, 404)),
    Row("oidc_authentication_callback", "/accounts/oidc/callback/", expect(404, 404, 404, 404, 404, 404)),
    Row("set_language", "/i18n/setlang/", expect(302, 302, 302, 302, 302, 302), "post", {"language": "en"}),
    Row("healthz", "/healthz", PUBLIC),
    # Open data: the public's, with no sign-in; a signed-in person gets the same answer.
    Row("open_page", "/open/", PUBLIC),
    Row("open_dataset_file", "/open/plans.csv", PUBLIC),
    Row("open_datapackage", "/open/datapackage.json", PUBLIC),
    Row("open_catalog", "/open/catalog.jsonld", PUBLIC),
    Row("api_open_datasets", "/api/open/", PUBLIC),
    Row("api_open_dataset", "/api/open/plans/", PUBLIC),
    # LINE: its webhook answers LINE alone (an unsigned body is refused whoever sends it); the
    # code and the unlinking are each person's own.
    Row("notifications_list", "/notifications/", SIGNED_IN),
    Row("notifications_read_all", "/notifications/read-all/", expect(LOGIN, 302, 302, 302, 302, 302), "post"),
    Row("notification_open", "/notifications/{notification}/", expect(admin=404, viewer=404, approver=404, editor=302)),
    Row("notifications_deliveries", "/notifications/deliveries/", expect(outsider=403, editor=403, approver=403)),
    Row("line_webhook", "/line/webhook/", expect(400, 400, 400, 400, 400, 400), "post"),
    Row("notification_channels", "/notifications/channels/", expect(LOGIN, 302, 302, 302, 302, 302), "post"),
    Row("line_code", "/notifications/line/code/", expect(LOGIN, 302, 302, 302, 302, 302), "post"),
    Row("line_unlink", "/notifications/line/unlink/", expect(LOGIN, 302, 302, 302, 302, 302), "post"),
    Row("audit_trail", "/audit/", expect(admin=200, viewer=403, outsider=403, editor=403, approver=403)),
    # Plans (Form 1)
    Row("plan_list", "/plans/", expect(outsider=ELSEWHERE, editor=ELSEWHERE, approver=ELSEWHERE)),
    # The centre has no province to create a plan for; Chiang Mai has its plan already.
    Row(
        "plan_create", "/plans/new/", expect(admin=403, viewer=403, outsider=200, editor=ELSEWHERE, approver=ELSEWHERE)
    ),
    Row(
        "plan_create_from_excel",
        "/plans/new/excel/",
        expect(admin=403, viewer=403, outsider=200, editor=ELSEWHERE, approver=ELSEWHERE),
    ),
    Row("plan_detail", "/plans/{plan}/", READ),
    Row("plan_history", "/plans/{plan}/history/", READ),
    Row("plan_compare", "/plans/{plan}/compare/", READ),
    Row("plan_amend", "/plans/{plan}/amend/", EDIT, "post", {"reason": "ปรับแผน"}),
    Row("allocation_add", "/plans/{plan}/allocations/", EDIT, "post"),
    Row("meeting_add", "/plans/{plan}/meetings/", EDIT, "post"),
    Row("version_submit", "/plans/versions/{version}/submit/", SUBMIT, "post"),
    Row("version_withdraw", "/plans/versions/{version}/withdraw/", SUBMIT, "post"),
    Row("version_approve", "/plans/versions/{version}/approve/", SUBMIT, "post"),
    Row("version_document", "/plans/versions/{version}/approval-document/", READ),
    Row("topic_add", "/plans/versions/{version}/topics/", EDIT, "post"),
    Row("topic_action", "/plans/topics/{topic}/", EDIT, "post", {"action": "down"}),
    Row("item_action", "/plans/items/{item}/", EDIT, "post", {"action": "down"}),
    Row("allocation_delete", "/plans/allocations/{allocation}/delete/", DELETE, "post"),
    Row("meeting_delete", "/plans/meetings/{meeting}/delete/", DELETE, "post"),
    Row("meeting_minutes", "/plans/meetings/{meeting}/minutes/", READ),
    Row("plan_export_xlsx", "/plans/{plan}/form1.xlsx", READ),
    Row("plan_template_xlsx", "/plans/template/2570.xlsx", SIGNED_IN),
    Row("plan_import", "/plans/versions/{version}/import/", EDIT_PAGE),
    Row(
        "plan_import_preview",
        "/plans/versions/{version}/import/{upload}/",
        NO_SUCH_UPLOAD,
    ),
    Row("plan_pdf", "/plans/{plan}/form1.pdf", READ),
    # Monthly reports (Form 2)
    Row("report_home", "/reports/", expect(LOGIN, *[ELSEWHERE] * 5)),
    Row("report_review_queue", "/reports/review/", CENTRE_ONLY),
    Row("report_months", "/reports/plan/{plan}/", READ),
    Row("report_open", "/reports/plan/{plan}/month/2/open/", EDIT, "post"),
    Row("report_of_month", "/reports/plan/{plan}/2026-11/", expect(admin=302, viewer=302, editor=302, approver=302)),
    Row("report_detail", "/reports/{report}/", READ),
    Row("report_submit", "/reports/{report}/submit/", SUBMIT, "post"),
    Row("report_accept", "/reports/{report}/accept/", REVIEW, "post"),
    Row("report_return", "/reports/{report}/return/", REVIEW, "post"),
    Row("report_reopen", "/reports/{report}/reopen/", REVIEW, "post"),
    Row("report_evidence_add", "/reports/{report}/evidence/", EDIT, "post"),
    Row("report_evidence_file", "/reports/evidence/{evidence}/", READ),
    Row("report_evidence_delete", "/reports/evidence/{evidence}/delete/", DELETE, "post"),
    Row("report_completeness", "/reports/completeness/", CENTRE_ONLY),
    Row("report_export_xlsx", "/reports/{report}/form2.xlsx", READ),
    Row("report_import", "/reports/{report}/import/", EDIT_PAGE),
    Row(
        "report_import_preview",
        "/reports/{report}/import/{upload}/",
        NO_SUCH_UPLOAD,
    ),
    # KPI evaluation (FY 2562's criteria ship with the migrations); provinces are public: 403 elsewhere
    Row("evaluation:home", "/evaluation/", expect(LOGIN, *[ELSEWHERE] * 5)),  # to the round or province page
    Row("evaluation:criteria", "/evaluation/criteria/", SIGNED_IN),
    Row("evaluation:criteria_copy", "/evaluation/criteria/copy/", ADMIN_POST, "post"),
    Row("evaluation:criteria_detail", "/evaluation/criteria/2562/", SIGNED_IN),
    Row("evaluation:round_edit", "/evaluation/criteria/2562/rounds/1/edit/", ADMIN_PAGE),
    Row("evaluation:round", "/evaluation/2562/rounds/1/", CENTRE_ONLY),
    Row("evaluation:freeze", "/evaluation/2562/rounds/1/freeze/", ADMIN_POST, "post"),
    Row("evaluation:export", "/evaluation/2562/rounds/1/export.xlsx", CENTRE_ONLY),
    Row("evaluation:province", "/evaluation/2562/provinces/50/", expect(outsider=403)),
    # Past the permission check, Chiang Mai has no FY 2562 plan here: nothing to override.
    Row(
        "evaluation:override",
        "/evaluation/2562/provinces/50/rounds/1/override/",
        expect(admin=404, viewer=403, outsider=403, editor=403, approver=403),
        "post",
    ),
    # The national dashboard
    Row("national_dashboard", "/national/", CENTRE_ONLY),
    Row("national_heatmap", "/national/heatmap/", CENTRE_ONLY),
    Row("national_export", "/national/export.xlsx", CENTRE_ONLY),
    # Background jobs (the long exports): started by the centre as the export itself; a job is seen by
    # the person who asked (Preecha) and the centre's administrators, 404 to everyone else.
    Row("jobs:list", "/jobs/", SIGNED_IN),
    Row("jobs:start", "/jobs/start/national-xlsx/?fy=2570", {**CENTRE_ONLY, ADMIN: 302, VIEWER: 302}, "post"),
    Row("jobs:detail", "/jobs/{job}/", JOB),
    Row("jobs:status", "/jobs/{job}/status.json", JOB),
    Row("jobs:download", "/jobs/{job}/download/", JOB),
    Row("jobs:retry", "/jobs/{job}/retry/", {**JOB, ADMIN: 302, VIEWER: 302}, "post"),
    # Form 3 (annual report)
    Row("annual_home", "/annual/", SIGNED_IN),
    # No Form 3 received yet: back to the list, with a message.
    Row("annual_national_document", "/annual/national.pdf", {**CENTRE_ONLY, ADMIN: ELSEWHERE, VIEWER: ELSEWHERE}),
    Row("annual_open", "/annual/plan/{plan}/open/", EDIT, "post"),
    Row("annual_detail", "/annual/{annual}/", READ),
    Row("annual_refresh", "/annual/{annual}/refresh/", EDIT, "post"),
    Row("annual_submit", "/annual/{annual}/submit/", SUBMIT, "post"),
    Row("annual_accept", "/annual/{annual}/accept/", REVIEW, "post"),
    Row("annual_return", "/annual/{annual}/return/", REVIEW, "post"),
    Row("annual_reopen", "/annual/{annual}/reopen/", REVIEW, "post"),
    Row("annual_document", "/annual/{annual}/form3.pdf", READ),
    # The partner-network register (personal data: the province and the centre)
    Row("partner_home", "/partners/", expect(outsider=ELSEWHERE, editor=ELSEWHERE, approver=ELSEWHERE)),
    Row("partner_list", "/partners/50/", READ),
    Row("partner_add", "/partners/50/add/", EDIT_PAGE),
    Row("partner_edit", "/partners/partner/{partner}/", READ),  # the centre reads the record, saves nothing
    Row("partner_delete", "/partners/partner/{partner}/delete/", DELETE, "post"),
    Row("partner_confirm", "/partners/partner/{partner}/confirm/", EDIT, "post"),
    Row("partner_erase", "/partners/partner/{partner}/erase/", DELETE, "post"),
    Row("partner_subject_json", "/partners/partner/{partner}/held.json", READ),
    Row("partner_subject_pdf", "/partners/partner/{partner}/held.pdf", READ),
    Row("partner_register_xlsx", "/partners/50/register.xlsx", READ),
    Row("partner_register_pdf", "/partners/50/register.pdf", READ),
    Row("partner_import", "/partners/50/import/", EDIT_PAGE),
    Row("partner_import_preview", "/partners/50/import/{upload}/", NO_SUCH_UPLOAD),
    # Data quality: a province reads the questions asked of it, the centre everything.
    Row("quality:list", "/quality/?fy=2570", SIGNED_IN),
    Row("quality:run", "/quality/run/?fy=2570", ADMIN_POST, "post"),
    Row("quality:scores", "/quality/scores/?fy=2570", SIGNED_IN),
    Row("quality:rules", "/quality/rules/2570/", CENTRE_ONLY),
    Row("quality:detail", "/quality/{finding}/", READ),
    Row("quality:ask", "/quality/{finding}/ask/", REVIEW, "post"),
    Row("quality:answer", "/quality/{finding}/answer/", EDIT, "post"),
    Row("quality:close", "/quality/{finding}/close/", REVIEW, "post"),
    # The REST API
    Row("api_schema", "/api/schema/?format=json", API_SIGNED_IN),
    Row("api_docs", "/api/docs/", SIGNED_IN),
    Row("api_plans", "/api/plans/", API_SIGNED_IN),
    Row("api_plan", "/api/plans/{plan}/", API_READ),
    Row("api_plan_amendments", "/api/plans/{plan}/amendments/", API_EDIT, "post"),
    Row("api_plan_allocations", "/api/plans/{plan}/allocations/", API_READ),
    Row("api_plan_meetings", "/api/plans/{plan}/meetings/", API_READ),
    Row("api_version_submit", "/api/versions/{version}/submit/", API_SUBMIT, "post"),
    Row("api_version_approve", "/api/versions/{version}/approve/", API_SUBMIT, "post"),
    Row("api_version_topics", "/api/versions/{version}/topics/", API_EDIT, "post"),
    Row("api_topic", "/api/topics/{topic}/", API_EDIT, "patch"),
    Row("api_topic_move", "/api/topics/{topic}/move/", API_EDIT, "post"),
    Row("api_topic_items", "/api/topics/{topic}/items/", API_EDIT, "post"),
    Row("api_item", "/api/items/{item}/", API_EDIT, "patch"),
    Row("api_item_move", "/api/items/{item}/move/", API_EDIT, "post"),
    Row("api_allocation", "/api/allocations/{allocation}/", API_DELETE, "delete"),
    Row("api_meeting", "/api/meetings/{meeting}/", API_DELETE, "delete"),
    Row("api_reports", "/api/reports/", API_SIGNED_IN),
    Row("api_plan_reports", "/api/plans/{plan}/reports/", API_EDIT, "post"),
    Row("api_report", "/api/reports/{report}/", API_READ),
    Row("api_report_result", "/api/reports/{report}/results/{item_key}/", API_EDIT, "put"),
    Row("api_report_submit", "/api/reports/{report}/submit/", API_SUBMIT, "post"),
    Row("api_report_accept", "/api/reports/{report}/accept/", API_REVIEW, "post"),
    Row("api_report_return", "/api/reports/{report}/return/", API_REVIEW, "post"),
    Row("api_report_reopen", "/api/reports/{report}/reopen/", API_REVIEW, "post"),
    Row("api_report_evidence", "/api/reports/{report}/evidence/", API_EDIT, "post"),
    Row("api_evidence", "/api/evidence/{evidence}/", API_DELETE, "delete"),
    Row("api_evidence_file", "/api/evidence/{evidence}/file", API_READ),
    Row("api_annual_reports", "/api/annual-reports/", API_SIGNED_IN),
    Row("api_plan_annual_report", "/api/plans/{plan}/annual-report/", API_EDIT, "post"),
    Row("api_annual_report", "/api/annual-reports/{annual}/", API_READ),
    Row("api_annual_items", "/api/annual-reports/{annual}/items/", API_EDIT, "post"),
    Row("api_annual_item", "/api/annual-items/{annual_item}/", API_DELETE, "delete"),
    Row("api_annual_refresh", "/api/annual-reports/{annual}/refresh/", API_EDIT, "post"),
    Row("api_annual_submit", "/api/annual-reports/{annual}/submit/", API_SUBMIT, "post"),
    Row("api_annual_accept", "/api/annual-reports/{annual}/accept/", API_REVIEW, "post"),
    Row("api_annual_return", "/api/annual-reports/{annual}/return/", API_REVIEW, "post"),
    Row("api_annual_reopen", "/api/annual-reports/{annual}/reopen/", API_REVIEW, "post"),
    Row("api_province_partners", "/api/provinces/50/partners/", API_READ),
    Row("api_partner", "/api/partners/{partner}/", API_READ),
    Row("api_evaluation_round", "/api/evaluations/2562/rounds/1/", {**CENTRE_ONLY, ANON: 401}),
    Row("api_tokens", "/api/tokens/", API_SIGNED_IN),  # each person's own tokens
    Row("api_evaluation_province", "/api/evaluations/2562/rounds/1/provinces/50/", expect(anon=401, outsider=403)),
    Row("api_quality_findings", "/api/quality/findings/?fiscal_year=2570", API_SIGNED_IN),
    Row("api_quality_ask", "/api/quality/findings/{finding}/ask/", API_REVIEW, "post"),
    Row("api_quality_answer", "/api/quality/findings/{finding}/answer/", API_EDIT, "post"),
    Row("api_quality_close", "/api/quality/findings/{finding}/close/", API_REVIEW, "post"),
    # The admin site (reference data, users, tokens): the centre's administrators only. Its many
    # URLs are generated by Django; these rows stand for all of them (see `pattern_key`).
    Row("admin:index", "/admin/", expect(ADMIN_LOGIN, 200, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN, ADMIN_LOGIN)),
    Row("admin:accounts_user_changelist", "/admin/accounts/user/", expect(ADMIN_LOGIN, 200, *[ADMIN_LOGIN] * 4)),
    Row(
        "admin:accounts_apitoken_changelist", "/admin/accounts/apitoken/", expect(ADMIN_LOGIN, 200, *[ADMIN_LOGIN] * 4)
    ),
    Row("admin:login", "/admin/login/", expect(200, 302, 200, 200, 200, 200)),
]


def pattern_key(name: str) -> str:
    """The admin site's URLs are Django's own: its rows above cover them as one family."""
    return "admin:*" if name.startswith("admin:") else name


def url_patterns() -> set[str]:
    def walk(patterns, namespace=None, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, p.namespace or namespace, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                name = p.name or prefix + str(p.pattern)
                yield f"{namespace}:{name}" if namespace else name

    return set(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_a_row():
    covered = {pattern_key(row.name) for row in MATRIX}
    missing = sorted(name for name in url_patterns() if pattern_key(name) not in covered)
    assert not missing, f"Add a row to MATRIX (tests/test_permission_matrix.py) for: {missing}"
    unknown = sorted(row.name for row in MATRIX if not row.name.startswith("admin:") and row.name not in url_patterns())
    assert not unknown, f"Rows for URL patterns that no longer exist: {unknown}"


def answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith("/accounts/login/"):
            return LOGIN
    return response.status_code


def matches(got, wanted) -> bool:
    if wanted == ALLOWED:
        return got not in (LOGIN, ADMIN_LOGIN, 401, 403, 404, 405)
    return got == wanted


def ask(row: Row, world: dict, users: dict) -> dict:
    path = row.path.format(**world)
    answers = {}
    for role in ROLES:
        client = APIClient()
        if role != ANON:
            client.force_login(users[role])
        response = getattr(client, row.method)(path, row.data, format="multipart" if row.method == "post" else None)
        answers[role] = answer(response)
    return answers


def test_each_role_gets_the_expected_answer(request, world):
    users = {role: request.getfixturevalue(fixture) for role, fixture in FIXTURES.items()}
    wrong = []
    for row in MATRIX:
        with transaction.atomic():
            answers = ask(row, world, users)
            transaction.set_rollback(True)
        if any(not matches(got, row.expected[role]) for role, got in answers.items()):
            wrong.append(f"{row.name}: {row.method.upper()} {row.path} answered {answers}, expected {row.expected}")
    assert not wrong, "\n".join(wrong)
