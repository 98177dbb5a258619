from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from linebot.v3.exceptions import InvalidSignatureError

from labourplan.notifications import line


@csrf_exempt  # LINE cannot send a CSRF token; the body is signed with the channel secret instead
@require_POST
def line_webhook(request):
    """LINE's webhook: an unsigned or wrongly signed body answers 400 and changes nothing."""
    signature = request.headers.get("X-Line-Signature", "")
    if not settings.LINE_CHANNEL_SECRET or not signature:
        return HttpResponseBadRequest("missing signature")
    try:
        line.handle_webhook(body=request.body.decode("utf-8"), signature=signature)
    except (InvalidSignatureError, UnicodeDecodeError, ValueError):
        return HttpResponseBadRequest("invalid signature or body")
    return HttpResponse("OK")


@login_required
@require_POST
def line_code(request):
    line.new_code(user=request.user)
    return redirect("/accounts/profile/#line")


@login_required
@require_POST
def line_unlink(request):
    line.unlink(user=request.user, request=request)
    return redirect("/accounts/profile/#line")
