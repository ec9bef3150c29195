from django.contrib.auth import views as auth_views
from django.urls import path

from ucj.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("audit/", views.audit_trail, name="audit"),
    path("token/", views.api_tokens, name="tokens"),
    path("cabang/", views.branches, name="branches"),
    path("cabang/baru/", views.branch_edit, name="branch_create"),
    path("cabang/<id:pk>/ubah/", views.branch_edit, name="branch_edit"),
    path("cabang/<id:pk>/hapus/", views.branch_delete, name="branch_delete"),
    path("pengguna/", views.users, name="users"),
    path("pengguna/baru/", views.user_edit, name="user_create"),
    path("pengguna/<id:pk>/ubah/", views.user_edit, name="user_edit"),
]
