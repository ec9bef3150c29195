from django.urls import path

from ucj.premiums import views

app_name = "premiums"
urlpatterns = [
    path("", views.calculator, name="calculator"),
    path("aturan/<str:kind>/<id:pk>/konfirmasi/", views.confirm, name="confirm"),
    path("aturan/<str:kind>/<id:pk>/ubah/", views.edit_rule, name="edit_rule"),
    path("aturan/<str:kind>/baru/", views.add_rule, name="add_rule"),
]
