from django.urls import path

from ucj.monitoring import views

app_name = "monitoring"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("kunjungan/", views.visits, name="visits"),
    path("kunjungan/kalender/", views.calendar_view, name="calendar"),
    path("kunjungan/baru/", views.visit_create, name="visit_create"),
    path("kunjungan/<id:visit_id>/", views.visit_detail, name="visit"),
    path("kunjungan/<id:visit_id>/ubah/", views.visit_edit, name="visit_edit"),
    path("kunjungan/<id:visit_id>/notulen.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("kunjungan/<id:visit_id>/tindak-lanjut/", views.item_create, name="item_create"),
    path("tindak-lanjut/", views.items, name="items"),
    path("tindak-lanjut/<id:item_id>/", views.item_detail, name="item"),
    path("bukti/<id:evidence_id>/", views.evidence_file, name="evidence"),
    path("kepatuhan/", views.compliance_table, name="compliance"),
    path("kepatuhan/bobot/", views.weights, name="weights"),
    path("kepatuhan/<str:code>/", views.compliance_detail, name="compliance_regency"),
    path("kepatuhan/<str:code>/regulasi.pdf", views.regulation_document, name="regulation"),
    path("sosialisasi/", views.socialisation, name="socialisation"),
    path("sosialisasi/<str:code>/", views.socialisation_regency, name="socialisation_regency"),
    path("sosialisasi/<str:code>/peta.json", views.socialisation_map, name="socialisation_map"),
]
