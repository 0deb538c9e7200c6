"""The programme's staff pages, by subject: plan, money, people and fieldwork."""
