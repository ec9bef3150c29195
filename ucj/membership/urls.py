from django.urls import path

from ucj.membership import views

app_name = "membership"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("ekstrak/unggah/", views.upload, name="upload"),
    path("ekstrak/<int:extract_id>/", views.extract_detail, name="extract"),
    path("ekstrak/<int:extract_id>/kemajuan/", views.extract_progress, name="extract_progress"),
    path("ekstrak/<int:extract_id>/rekonsiliasi/", views.start_reconciliation, name="reconcile"),
    path("rekonsiliasi/<int:reconciliation_id>/", views.reconciliation_detail,
         name="reconciliation"),
    path("rekonsiliasi/<int:reconciliation_id>/kemajuan/", views.reconciliation_progress,
         name="reconciliation_progress"),
    path("rekonsiliasi/<int:reconciliation_id>/unduh/<str:status>.xlsx", views.download,
         name="download"),
    path("rekonsiliasi/<int:reconciliation_id>/tinjauan/", views.review, name="review"),
    path("rekonsiliasi/<int:reconciliation_id>/konfirmasi/", views.confirm, name="confirm"),
    path("pengaturan/", views.settings_page, name="settings"),
    path("tautan/<int:candidate_id>/putuskan/", views.decide, name="decide"),
    path("tautan/<int:candidate_id>/batalkan/", views.undo, name="undo"),
]
