from django.urls import path

from ucj.decrees import views

app_name = "decrees"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("usulan/baru/", views.proposal_create, name="proposal_create"),
    path("usulan/<id:proposal_id>/", views.proposal_detail, name="proposal"),
    path("usulan/<id:proposal_id>/tambah/", views.proposal_add, name="proposal_add"),
    path("usulan/<id:proposal_id>/keluarkan/", views.proposal_remove, name="proposal_remove"),
    path("usulan/<id:proposal_id>/ajukan/", views.proposal_submit, name="proposal_submit"),
    path("usulan/<id:proposal_id>/ajukan-ulang/", views.proposal_resubmit,
         name="proposal_resubmit"),
    path("usulan/<id:proposal_id>/verifikasi/", views.proposal_decide, name="proposal_decide"),
    path("usulan/<id:proposal_id>/baris/<id:row_id>/koreksi/", views.proposal_correct,
         name="proposal_correct"),
    path("keputusan/baru/<id:budget_id>/", views.decree_create, name="decree_create"),
    path("keputusan/<id:decree_id>/", views.decree_detail, name="decree"),
    path("keputusan/<id:decree_id>/ubah/", views.decree_edit, name="decree_edit"),
    path("keputusan/<id:decree_id>/hapus/", views.decree_delete, name="decree_delete"),
    path("keputusan/<id:decree_id>/terbitkan/", views.decree_issue, name="decree_issue"),
    path("keputusan/<id:decree_id>/kirim/", views.decree_sent, name="decree_sent"),
    path("keputusan/<id:decree_id>/perubahan/", views.decree_amend, name="decree_amend"),
    path("keputusan/<id:decree_id>/pengeluaran/", views.decree_removals,
         name="decree_removals"),
    path("keputusan/<id:decree_id>/sk.pdf", views.decree_pdf, name="decree_pdf"),
    path("keputusan/<id:decree_id>/lampiran.xlsx", views.decree_xlsx, name="decree_xlsx"),
    path("keputusan/<id:decree_id>/pendaftaran-bpjs.csv", views.decree_csv, name="decree_csv"),
    path("templat/", views.decree_texts, name="texts"),
    path("templat/baru/", views.decree_text_create, name="text_create"),
    path("templat/<id:clause_id>/ubah/", views.decree_text_edit, name="text_edit"),
    path("templat/gambar/", views.decree_images, name="images"),
    path("keputusan/<id:decree_id>/pendaftaran-bpjs.xlsx", views.decree_registration_xlsx,
         name="decree_registration_xlsx"),
    path("belum-terdaftar/", views.unregistered, name="unregistered"),
]
