from django.shortcuts import render

from ucj.accounts.selectors import regencies_in_scope


def home(request):
    regencies = regencies_in_scope(request.user)
    return render(request, "core/home.html", {"regencies": regencies})
