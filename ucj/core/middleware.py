import contextlib

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils import translation


class ChosenLanguageMiddleware:
    """Indonesian unless the user picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an
    operator whose browser happens to be set to English would get English pages;
    here only the language cookie (set by the switch) changes the default."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers["Vary"] = ", ".join(
            filter(None, [response.headers.get("Vary"), "Cookie"]))
        return response


class LoginRequiredExceptApiMiddleware(LoginRequiredMiddleware):
    """Pages send anonymous visitors to the login page; the API answers 401 itself."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)



def _nul_in(request) -> tuple[str, ...] | None:
    """Where the request carries a NUL character: () for its path, (name,) for a query
    parameter, form field or uploaded file (in its name or its value); None when nowhere."""
    if "\x00" in request.path_info:
        return ()
    sources = [request.GET]
    if request.method == "POST":
        # A malformed body raises here: the view refuses it as it always did.
        with contextlib.suppress(Exception):
            sources += [request.POST, request.FILES]
    for data in sources:
        for key, values in data.lists():
            texts = [v if isinstance(v, str) else getattr(v, "name", "") or "" for v in values]
            if any("\x00" in text for text in [key, *texts]):
                return (key,)
    return None


class RefuseNulMiddleware:
    """A NUL character (\\x00) anywhere in the path, the query string or a form is
    refused before any view runs: 400 for pages, 422 with {"detail": ...} for the API.
    PostgreSQL cannot store or compare text holding it (a server error otherwise), and
    no field of UCJ needs it. JSON bodies of the API are checked by ucj.api.schema.TextIn."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _nul_in(request)
        if where is None:
            return self.get_response(request)
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        if where:
            message = _("The parameter “%(name)s” contains a NUL character (\\x00): remove it "
                        "and send the request again.") % {
                "name": where[0].replace("\x00", "\\x00")}
        else:
            message = _("The address contains a NUL character (\\x00): remove it and try "
                        "again.")
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=422)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
