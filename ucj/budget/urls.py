from django.urls import path

from ucj.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.budgets, name="budgets"),
    path("biaya-target/", views.target_cost, name="target_cost"),
    path("biaya-target.xlsx", views.target_cost_xlsx, name="target_cost_xlsx"),
    path("<id:pk>/", views.detail, name="detail"),
    path("<id:pk>/bandingkan/", views.compare, name="compare"),
    path("<id:pk>/bandingkan.xlsx", views.compare_xlsx, name="compare_xlsx"),
    path("skenario/<id:pk>/", views.scenario, name="scenario"),
    path("skenario/<id:pk>.xlsx", views.scenario_xlsx, name="scenario_xlsx"),
    path("skenario/<id:pk>/adopsi/", views.adopt, name="adopt"),
    path("skenario/<id:pk>/hapus/", views.delete, name="delete"),
]
