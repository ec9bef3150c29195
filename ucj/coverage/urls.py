from django.urls import path

from ucj.coverage import views

app_name = "coverage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("peta.json", views.map_data, name="map"),
    path("peringkat.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("impor/", views.import_counts, name="import_counts"),
    path("target/", views.targets, name="targets"),
    path("target/<id:pk>/hapus/", views.target_delete, name="target_delete"),
    path("wilayah/<str:code>/", views.dashboard, name="region"),
    path("wilayah/<str:code>/laporan.pdf", views.report_pdf, name="report"),
    path("wilayah/<str:code>/bagaimana-jika/", views.what_if, name="what_if"),
    path("kecamatan/<str:code>/", views.area, name="area"),
    path("pekerja/<str:code>.xlsx", views.areas_xlsx, name="areas_xlsx"),
    path("ekosistem/<str:code>.xlsx", views.ecosystems_xlsx, name="ecosystems_xlsx"),
]
