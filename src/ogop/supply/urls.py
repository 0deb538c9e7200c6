from django.urls import path

from ogop.supply import views

urlpatterns = [
    path("supply/purchases/", views.purchase_list, name="purchase_list"),
    path("supply/purchases/new/", views.purchase_create, name="purchase_create"),
    path("supply/purchases/<int:pk>/", views.purchase_detail, name="purchase_detail"),
    path("supply/groups/<str:code>/", views.group_account, name="group_account"),
    path("supply/payments/<int:pk>/receipt/", views.payment_receipt, name="payment_receipt"),
    path(
        "supply/payments/<int:pk>/receipt.pdf",
        views.payment_receipt_pdf,
        name="payment_receipt_pdf",
    ),
    path("supply/batches/", views.batch_list, name="batch_list"),
    path("supply/batches/new/", views.batch_create, name="batch_create"),
    path("supply/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("supply/batches/<int:pk>/recall/", views.batch_recall, name="batch_recall"),
    path("supply/batches/<int:pk>/label.pdf", views.batch_label, name="batch_label"),
]
