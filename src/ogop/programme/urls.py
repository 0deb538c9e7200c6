from ogop.programme import urls_fieldwork, urls_plan

# The plan and money (programmes, components, budgets, activities, transactions, rates), then
# the work in the field (people, participants, missions, deliveries, promotion, business plans,
# twinning).
urlpatterns = [*urls_plan.urlpatterns, *urls_fieldwork.urlpatterns]
