from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from linebot.v3.exceptions import InvalidSignatureError

from labourplan.notifications import line, services
from labourplan.notifications.models import Notification

PAGE_SIZE = 50


@login_required
def notification_list(request):
    """The person's own notifications, newest first; unread ones stand out."""
    notifications = Notification.objects.filter(recipient=request.user).select_related("province")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Mark one's notification read and go to what it is about."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.mark_read(notification=notification, by=request.user)
    target = notification.path
    if not (target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None)):
        target = "notifications_list"
    return redirect(target)


@login_required
@require_POST
def notification_read_all(request):
    services.mark_all_read(by=request.user)
    return redirect("notifications_list")


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
