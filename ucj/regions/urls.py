from django.urls import path

from ucj.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("denominator/", views.denominators, name="denominators"),
    path("denominator/baru/", views.denominator_edit, name="denominator_create"),
    path("denominator/<id:pk>/ubah/", views.denominator_edit, name="denominator_edit"),
    path("denominator/<id:pk>/hapus/", views.denominator_delete, name="denominator_delete"),
    path("denominator/impor/", views.import_denominators_page, name="import_denominators"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/peta.json", views.map_features, name="map"),
]
