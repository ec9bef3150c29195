from django.shortcuts import render

from ucj.accounts.selectors import regions_in_scope
from ucj.regions.models import Level


def home(request):
    regencies = regions_in_scope(request.user).filter(level=Level.KABUPATEN_KOTA, is_current=True)
    return render(request, "core/home.html", {"regencies": regencies})
