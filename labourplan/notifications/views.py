from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from linebot.v3.exceptions import InvalidSignatureError

from labourplan.accounts.permissions import Action, require
from labourplan.notifications import channels, line, preferences, services
from labourplan.notifications.models import Delivery, DeliveryState, Notification
from labourplan.reference.models import Province

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
def delivery_list(request):
    """The centre's view of the outbox: each notification's delivery on each channel (queued,
    sent, failed with the reason), newest first, filtered by province, state and channel."""
    require(request.user, Action.VIEW)
    provinces = list(Province.objects.order_by("name_th"))
    chosen = {
        "province": request.GET.get("province", ""),
        "state": request.GET.get("state", ""),
        "channel": request.GET.get("channel", ""),
    }
    deliveries = Delivery.objects.select_related("notification__recipient", "notification__province").order_by(
        "-notification__created_at", "-pk"
    )
    if chosen["province"] in {p.code for p in provinces}:
        deliveries = deliveries.filter(notification__province__code=chosen["province"])
    else:
        chosen["province"] = ""
    if chosen["state"] in DeliveryState.values:
        deliveries = deliveries.filter(state=chosen["state"])
    else:
        chosen["state"] = ""
    if chosen["channel"] in channels.REGISTRY:
        deliveries = deliveries.filter(channel=chosen["channel"])
    else:
        chosen["channel"] = ""
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(f"{name}={value}" for name, value in chosen.items() if value)
    context = {
        "page": page,
        "provinces": provinces,
        "states": DeliveryState.choices,
        "channel_choices": [(name, channel.label) for name, channel in channels.REGISTRY.items()],
        "chosen": chosen,
        "query": query,
    }
    return render(request, "notifications/deliveries.html", context)


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
def channel_choices(request):
    """The person's own choice of channels (profile page); unknown names are ignored."""
    preferences.choose(user=request.user, enabled=set(request.POST.getlist("channel")))
    messages.success(request, _("Your choice of notification channels was saved."))
    return redirect("/accounts/profile/#channels")


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
