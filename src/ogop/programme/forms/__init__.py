"""The forms of the programme's staff pages, by subject: plan, money, people and fieldwork."""
