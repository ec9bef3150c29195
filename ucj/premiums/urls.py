from django.urls import path

from ucj.premiums import views

app_name = "premiums"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("aturan/<str:kind>/<id:pk>/konfirmasi/", views.confirm, name="confirm"),
]
