from django.urls import path

from ucj.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.workers, name="workers"),
    path("pekerja.xlsx", views.workers_export, name="workers_export"),
    path("pekerja/<id:worker_id>/", views.worker_detail, name="worker"),
    path("pekerja/<id:worker_id>/koreksi/", views.worker_correct, name="worker_correct"),
    path("kiriman/", views.submissions, name="submissions"),
    path("kiriman/unggah/", views.upload, name="upload"),
    path("kiriman/<id:submission_id>/", views.submission_detail, name="submission"),
    path("kiriman/<id:submission_id>/kolom/", views.mapping, name="mapping"),
    path("kiriman/<id:submission_id>/ulangi/", views.submission_retry, name="retry"),
    path("kiriman/<id:submission_id>/batalkan/", views.submission_cancel, name="cancel"),
    path("kiriman/<id:submission_id>/kemajuan/", views.submission_progress, name="progress"),
    path("kiriman/<id:submission_id>/hasil.xlsx", views.error_workbook_download,
         name="error_workbook"),
    path("ekosistem/", views.ecosystems, name="ecosystems"),
    path("ekosistem/<slug:code>/ubah/", views.ecosystem_edit, name="ecosystem_edit"),
    path("konflik-nik/", views.conflicts, name="conflicts"),
    path("konflik-nik/<id:conflict_id>/", views.conflict_detail, name="conflict"),
    path("konflik-nik/<id:conflict_id>/putuskan/", views.conflict_decide,
         name="conflict_decide"),
]
