from django.urls import path

from ucj.budget import views

app_name = "budget"
urlpatterns = [
    path("", views.budgets, name="budgets"),
    path("biaya-target/", views.target_cost, name="target_cost"),
    path("biaya-target.xlsx", views.target_cost_xlsx, name="target_cost_xlsx"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bandingkan/", views.compare, name="compare"),
    path("<int:pk>/bandingkan.xlsx", views.compare_xlsx, name="compare_xlsx"),
    path("skenario/<int:pk>/", views.scenario, name="scenario"),
    path("skenario/<int:pk>.xlsx", views.scenario_xlsx, name="scenario_xlsx"),
    path("skenario/<int:pk>/adopsi/", views.adopt, name="adopt"),
    path("skenario/<int:pk>/hapus/", views.delete, name="delete"),
]
